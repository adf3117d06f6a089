// The Huawei Cloud MPC thumbnails API end to end over HTTP against the real server: create, query and
// cancel, outputs in the OBS output bucket, tar archives, the black-frame filter, and the refusals.

#include <fstream>
#include <sstream>

#include "huawei_mpc_fixture.hpp"
#include "integration/request_log.hpp"
#include "support/image_probe.hpp"
#include "support/tar_listing.hpp"

namespace tg::testing {
namespace {

namespace fs = std::filesystem;

using HuaweiMpc = HuaweiMpcFixture;

TEST_F(HuaweiMpc, TimeSucceedsWithTheImagesInTheOutputBucket) {
  ASSERT_NO_FATAL_FAILURE(start_mpc());
  const std::string id = create(create_body(R"({"type":"TIME","time":2,"output_filename":"pic","max_length":240})",
                                            R"(,"user_data":"mine")"));
  ASSERT_FALSE(id.empty());
  rapidjson::Document t = wait_done(id);
  ASSERT_STREQ(t["status"].GetString(), "SUCCEEDED") << t["description"].GetString();
  // 6 s every 2 s; multi-image names get the time point appended.
  EXPECT_EQ(pic_names(t), (std::vector<std::string>{"pic_0.jpg", "pic_2.jpg", "pic_4.jpg"}));
  EXPECT_STREQ(t["output"]["bucket"].GetString(), "thumb-bucket");
  EXPECT_EQ(std::string(t["output"]["object"].GetString()), "thumbs/" + id + "/");  // original_dir=0
  EXPECT_STREQ(t["input"]["object"].GetString(), "videos/clip.mp4");
  EXPECT_STREQ(t["user_data"].GetString(), "mine");
  EXPECT_TRUE(has_served_line(server_->output(), "huawei_mpc", kMpcA.project_id, id)) << server_->output();
  EXPECT_EQ(std::string(t["end_time"].GetString()).size(), 14u);
  for (const std::string& name : pic_names(t)) {
    auto info = probe_image(output_root() + "/thumbs/" + id + "/" + name);
    ASSERT_TRUE(info) << name;
    EXPECT_EQ(info->codec, "mjpeg");
    EXPECT_EQ(std::max(info->width, info->height), 240) << name;
  }
}

TEST_F(HuaweiMpc, DotsSucceedInTheOriginalDirectory) {
  ASSERT_NO_FATAL_FAILURE(start_mpc());
  const std::string id = create(create_body(R"({"type":"DOTS","dots":[1,3],"width":160,"height":120})",
                                            R"(,"original_dir":1)", "videos/clip.mp4", "dots"));
  rapidjson::Document t = wait_done(id);
  ASSERT_STREQ(t["status"].GetString(), "SUCCEEDED");
  EXPECT_EQ(pic_names(t), (std::vector<std::string>{"1.jpg", "3.jpg"}));
  for (const char* name : {"1.jpg", "3.jpg"}) {
    auto info = probe_image(output_root() + "/dots/" + name);
    ASSERT_TRUE(info) << name;
    EXPECT_EQ(info->width, 160);
    EXPECT_EQ(info->height, 120);
  }
}

TEST_F(HuaweiMpc, SyncAnswersWithTheImageMade) {
  ASSERT_NO_FATAL_FAILURE(start_mpc());
  auto res = mpc({.method = "POST",
                  .body = create_body(R"({"type":"DOTS","dots":[2],"output_filename":"cover"})", R"(,"sync":1)")});
  ASSERT_EQ(res.status, 200) << res.body;
  rapidjson::Document doc;
  doc.Parse(res.body.c_str());
  ASSERT_TRUE(doc.IsObject());
  EXPECT_STREQ(doc["status"].GetString(), "SUCCEEDED");
  EXPECT_STREQ(doc["output_file_name"].GetString(), "cover.jpg");
  EXPECT_EQ(doc["thumbnail_time"].GetInt64(), 2);
  const std::string id = doc["task_id"].GetString();
  EXPECT_TRUE(probe_image(output_root() + "/thumbs/" + id + "/cover.jpg"));
}

TEST_F(HuaweiMpc, TarHoldsEveryImage) {
  ASSERT_NO_FATAL_FAILURE(start_mpc());
  const std::string id = create(create_body(R"({"time":1,"output_filename":"all"})", R"(,"tar":0)"));
  rapidjson::Document t = wait_done(id);
  ASSERT_STREQ(t["status"].GetString(), "SUCCEEDED");
  EXPECT_STREQ(t["output_file_name"].GetString(), "all.tar");
  const std::vector<std::string> names = pic_names(t);
  ASSERT_EQ(names.size(), 6u);  // 0..5 s
  std::string error;
  auto entries = read_tar(output_root() + "/thumbs/" + id + "/all.tar", &error);
  ASSERT_EQ(entries.size(), names.size()) << error;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].name, names[i]);
    std::vector<uint8_t> bytes(entries[i].data.begin(), entries[i].data.end());
    EXPECT_TRUE(probe_image_bytes(bytes)) << entries[i].name;
  }
  // The archive alone: no loose images, no temporary file.
  std::vector<std::string> files;
  for (const auto& item : fs::directory_iterator(output_root() + "/thumbs/" + id)) {
    files.push_back(item.path().filename().string());
  }
  EXPECT_EQ(files, std::vector<std::string>{"all.tar"});
}

TEST_F(HuaweiMpc, BlackFrameFilterSkipsTheBlackOpening) {
  ASSERT_NO_FATAL_FAILURE(start_mpc());
  const std::string plain = create(create_body(R"({"type":"DOTS","dots":[0],"output_filename":"plain"})", "",
                                               "videos/black.mp4"));
  const std::string filtered = create(create_body(
      R"({"type":"DOTS","dots":[0],"output_filename":"filtered","amount":90,"threshold":30})", "", "videos/black.mp4"));
  ASSERT_STREQ(wait_done(plain)["status"].GetString(), "SUCCEEDED");
  ASSERT_STREQ(wait_done(filtered)["status"].GetString(), "SUCCEEDED");
  const std::string black = output_root() + "/thumbs/" + plain + "/plain.jpg";
  const std::string skipped = output_root() + "/thumbs/" + filtered + "/filtered.jpg";
  ASSERT_TRUE(probe_image(black));
  ASSERT_TRUE(probe_image(skipped));
  // The unfiltered image is the black opening frame; the filtered one is a picture, far from it.
  EXPECT_LT(psnr_against(skipped, black), 20.0);
  EXPECT_GT(fs::file_size(skipped), 2 * fs::file_size(black));
}

TEST_F(HuaweiMpc, CancelsAWaitingTaskOnly) {
  ASSERT_NO_FATAL_FAILURE(start_mpc(R"(,"workers":0)"));  // nothing runs: tasks stay WAITING
  const std::string id = create(create_body(R"({"time":2})"));
  EXPECT_STREQ(task(id)["status"].GetString(), "WAITING");
  auto cancelled = mpc({.method = "DELETE", .query = {{"task_id", id}}});
  EXPECT_EQ(cancelled.status, 204) << cancelled.body;
  rapidjson::Document t = task(id);
  EXPECT_STREQ(t["status"].GetString(), "CANCELED");
  EXPECT_FALSE(std::string(t["end_time"].GetString()).empty());
  auto again = mpc({.method = "DELETE", .query = {{"task_id", id}}});
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(error_code(again), "MPC.10202");
  // Another project's AK cannot cancel, nor see, this project's task.
  const std::string other = create(create_body(R"({"time":2})"));
  auto foreign = mpc({.method = "DELETE", .query = {{"task_id", other}}}, kMpcB);
  EXPECT_EQ(foreign.status, 400);
  EXPECT_EQ(error_code(foreign), "MPC.10202");
  EXPECT_STREQ(task(other)["status"].GetString(), "WAITING");
  EXPECT_FALSE(task(other, kMpcB).HasMember("status"));
}

TEST_F(HuaweiMpc, AFinishedTaskCannotBeCanceled) {
  ASSERT_NO_FATAL_FAILURE(start_mpc());
  const std::string id = create(create_body(R"({"type":"DOTS","dots":[1]})"));
  ASSERT_STREQ(wait_done(id)["status"].GetString(), "SUCCEEDED");
  auto refused = mpc({.method = "DELETE", .query = {{"task_id", id}}});
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(error_code(refused), "MPC.10202");
  EXPECT_NE(refused.body.find("SUCCEEDED"), std::string::npos) << refused.body;
}

TEST_F(HuaweiMpc, ARunningTaskCannotBeCanceled) {
  std::filesystem::copy_file(long_clip(60), dir_ + "/media/obs/videos/long.mp4");
  ASSERT_NO_FATAL_FAILURE(start_mpc(R"(,"workers":1)"));
  // A large image every second of a minute with keyframes 10 s apart: long enough to be caught running.
  const std::string id = create(create_body(R"({"time":1,"width":1920,"height":1080})", "", "videos/long.mp4"));
  std::string status;
  for (int i = 0; i < 2000 && status != "PROCESSING"; ++i) {
    status = task(id)["status"].GetString();
    if (status == "SUCCEEDED" || status == "FAILED") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(status, "PROCESSING") << "the task was never seen running";
  auto refused = mpc({.method = "DELETE", .query = {{"task_id", id}}});
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(error_code(refused), "MPC.10202");
  EXPECT_NE(refused.body.find("PROCESSING"), std::string::npos) << refused.body;
  EXPECT_STREQ(wait_done(id)["status"].GetString(), "SUCCEEDED");
}

TEST_F(HuaweiMpc, QueriesSeveralTaskIdsAndPages) {
  ASSERT_NO_FATAL_FAILURE(start_mpc(R"(,"workers":0)"));
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) ids.push_back(create(create_body(R"({"time":2})")));
  auto two = mpc({.method = "GET", .query = {{"task_id", ids[0]}, {"task_id", ids[2]}}});
  ASSERT_EQ(two.status, 200) << two.body;
  rapidjson::Document doc;
  doc.Parse(two.body.c_str());
  EXPECT_EQ(doc["total"].GetInt(), 2);
  EXPECT_EQ(doc["is_truncated"].GetInt(), 0);
  ASSERT_EQ(doc["task_array"].Size(), 2u);
  std::vector<std::string> seen;
  for (const auto& t : doc["task_array"].GetArray()) seen.emplace_back(t["task_id"].GetString());
  std::sort(seen.begin(), seen.end());
  std::vector<std::string> asked{ids[0], ids[2]};
  std::sort(asked.begin(), asked.end());
  EXPECT_EQ(seen, asked);

  auto paged = mpc({.method = "GET", .query = {{"status", "WAITING"}, {"page", "1"}, {"size", "3"}}});
  ASSERT_EQ(paged.status, 200);
  doc.Parse(paged.body.c_str());
  EXPECT_EQ(doc["total"].GetInt(), 4);
  EXPECT_EQ(doc["task_array"].Size(), 1u);
  EXPECT_EQ(doc["is_truncated"].GetInt(), 0);
  auto first = mpc({.method = "GET", .query = {{"page", "0"}, {"size", "3"}}});
  doc.Parse(first.body.c_str());
  EXPECT_EQ(doc["is_truncated"].GetInt(), 1);

  std::vector<std::pair<std::string, std::string>> eleven;
  for (int i = 0; i < 11; ++i) eleven.emplace_back("task_id", std::to_string(1000 + i));
  auto refused = mpc({.method = "GET", .query = eleven});
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(error_code(refused), "MPC.10202");
}

TEST_F(HuaweiMpc, RefusesBadSignaturesWithApigw0301) {
  ASSERT_NO_FATAL_FAILURE(start_mpc());
  const std::string body = create_body(R"({"time":2})");
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  struct Case {
    const char* why;
    HuaweiCall call;
    HuaweiCredentials who;
  };
  HuaweiCredentials unknown = kMpcA;
  unknown.access_key = "HWAKUNKNOWN";
  HuaweiCredentials wrong_project = kMpcB;
  wrong_project.project_id = kMpcA.project_id;  // B's AK on A's path
  for (const Case& c : {
           Case{"wrong SK", {.method = "POST", .body = body, .signing_secret = "HWSKnotTheSecret000000000000000"}, kMpcA},
           Case{"date 16 minutes old", {.method = "POST", .body = body, .date_s = now - 16 * 60}, kMpcA},
           Case{"date 16 minutes ahead", {.method = "GET", .date_s = now + 16 * 60}, kMpcA},
           Case{"host not signed", {.method = "GET", .sign_host = false}, kMpcA},
           Case{"unknown AK", {.method = "GET"}, unknown},
           Case{"another project", {.method = "GET"}, wrong_project},
       }) {
    auto res = mpc(c.call, c.who);
    EXPECT_EQ(res.status, 401) << c.why << ": " << res.body;
    EXPECT_EQ(error_code(res), "APIGW.0301") << c.why;
    EXPECT_EQ(res.body.find(kMpcA.secret_key), std::string::npos) << c.why;
  }
  // A body changed after signing.
  auto signed_res = http_request("POST", server_->base_url() + "/v1/" + kMpcA.project_id + "/thumbnails", body,
                                 {"X-Sdk-Date: 20261130T120000Z",
                                  "Authorization: SDK-HMAC-SHA256 Access=" + kMpcA.access_key +
                                      ", SignedHeaders=host;x-sdk-date, Signature=" + std::string(64, 'a')});
  EXPECT_EQ(signed_res.status, 401);
  auto unsigned_res = http_get(server_->base_url() + "/v1/" + kMpcA.project_id + "/thumbnails");
  EXPECT_EQ(unsigned_res.status, 401);
  EXPECT_EQ(error_code(unsigned_res), "APIGW.0301");
}

TEST_F(HuaweiMpc, BadParametersEachGetMpc10202) {
  ASSERT_NO_FATAL_FAILURE(start_mpc());
  for (const std::string& body : {
           create_body(R"({"time":0})"), create_body(R"({"time":101})"), create_body(R"({"format":2})"),
           create_body(R"({"width":50})"), create_body(R"({"max_length":100})"), create_body(R"({"type":"X"})"),
           create_body(R"({"type":"DOTS","dots":[1,2,3,4,5,6,7,8,9,10,11]})"),
           create_body(R"({"time":184467440737095516160})"), create_body(R"({"amount":1000})"),
           create_body(R"({"time":2})", R"(,"tar":7)"), create_body(R"({"time":2})", R"(,"sync":1)"),
           create_body(R"({"time":2})", "", "videos/absent.mp4"),
           std::string(R"({"input":{"bucket":"other-bucket","location":"l","object":"videos/clip.mp4"},)"
                       R"("output":{"bucket":"thumb-bucket","location":"l","object":"o"},"thumbnail_para":{}})"),
           std::string(R"({"input":{"bucket":"media-bucket","location":"l","object":"videos/clip.mp4"},)"
                       R"("output":{"bucket":"nowhere","location":"l","object":"o"},"thumbnail_para":{}})"),
           std::string("{not json"), std::string("[1,2]"), std::string(50000, '['),
       }) {
    auto res = mpc({.method = "POST", .body = body});
    EXPECT_EQ(res.status, 400) << body.substr(0, 120) << " -> " << res.body;
    EXPECT_EQ(error_code(res), "MPC.10202") << body.substr(0, 120);
    EXPECT_EQ(res.body.find(dir_), std::string::npos) << "a server path leaked: " << res.body;
  }
  auto oversized = mpc({.method = "POST", .body = create_body(R"({"time":2})", R"(,"user_data":")" +
                                                                                  std::string(80000, 'u') + "\"")});
  EXPECT_EQ(oversized.status, 413) << oversized.body;
  EXPECT_EQ(error_code(oversized), "MPC.10202");
  auto put = mpc({.method = "PUT"});
  EXPECT_EQ(put.status, 405);
  EXPECT_EQ(error_code(put), "MPC.10202");
}

TEST_F(HuaweiMpc, EachAccessKeyHasItsOwnRateLimit) {
  mpc_limit_ = 2;
  ASSERT_NO_FATAL_FAILURE(start_mpc());
  int refused = 0;
  for (int i = 0; i < 6; ++i) {
    auto res = mpc({.method = "GET"});
    if (res.status == 429) {
      ++refused;
      EXPECT_EQ(error_code(res), "APIGW.0308");
    }
  }
  EXPECT_GE(refused, 1) << "six calls at once never met a limit of 2 per second";
  // Another AK is not held back by the first one's calls.
  EXPECT_EQ(mpc({.method = "GET"}, kMpcB).status, 200);
  // A call that fails authentication does not count: the wrong SK gets 401, never 429.
  EXPECT_EQ(mpc({.method = "GET", .signing_secret = "HWSKnotTheSecret000000000000000"}).status, 401);
}

TEST_F(HuaweiMpc, PathTricksNeverReachAFileOutsideTheBuckets) {
  fs::create_directories(dir_ + "/outside");
  ASSERT_NO_FATAL_FAILURE(start_mpc());
  // A link inside the output bucket that leads out of it, and one inside the input bucket to a file beside it.
  fs::create_directory_symlink(dir_ + "/outside", output_root() + "/escape");
  fs::create_symlink(dir_ + "/media/secret.mp4", dir_ + "/media/obs/videos/link.mp4");
  for (const auto& [object, out] : std::vector<std::pair<std::string, std::string>>{
           {"../secret.mp4", "thumbs/"},
           {"videos/../../secret.mp4", "thumbs/"},
           {"/etc/passwd", "thumbs/"},
           {"videos/link.mp4", "thumbs/"},
           {"videos/clip.mp4", "../outside/"},
           {"videos/clip.mp4", "a/../../outside"},
           {"videos/clip.mp4", "/tmp/x"},
           {"videos/clip.mp4", "escape/"},
           {"videos/clip.mp4", "esc\\u0000ape"},
       }) {
    auto res = mpc({.method = "POST",
                    .body = create_body(R"({"time":2})", R"(,"original_dir":1)", object, out)});
    EXPECT_EQ(res.status, 400) << object << " -> " << out << ": " << res.body;
    EXPECT_EQ(error_code(res), "MPC.10202") << object << " -> " << out;
  }
  EXPECT_TRUE(fs::is_empty(dir_ + "/outside"));
}

}  // namespace
}  // namespace tg::testing
