// A task's admin page data over HTTP: a real task's detail, timeline and output files; hostile ids and output
// names; and a scan of every admin answer for secrets planted in a task's request, callback and errors.

#include <gtest/gtest.h>

#include "admin_fixture.hpp"
#include "core/clock.hpp"
#include "support/image_probe.hpp"

namespace tg::testing {
namespace {

class AdminDetailTest : public AdminFixture {};

TEST_F(AdminDetailTest, ARealTasksDetailTimelineAndFiles) {
  start_admin();
  std::string body = call(kAppA, {{"Action", "MediaThumbnails"},
                                  {"Vendor", "Tencent"},
                                  {"FileId", "clip.mp4"},
                                  {"Type", "SnapshotByTimeOffset"},
                                  {"Definition", "10"},
                                  {"ExtTimeOffsetSet[]", "1"},
                                  {"ExtTimeOffsetSet[]", "2"}});
  ASSERT_EQ(code_of(body), 0) << body;
  const std::string id = json_field(body, "Data.Tencent.TaskId");
  std::string done = wait_status(kAppA, "Tencent", id, {"FINISH", "FAIL"});
  ASSERT_EQ(json_field(done, "Data.Tencent.Status"), "FINISH") << done;

  auto res = admin_get("/admin/api/tasks/" + id);
  ASSERT_EQ(res.status, 200) << res.body;
  rapidjson::Document doc = parse(res.body);
  const auto& task = doc["task"];
  EXPECT_STREQ(task["id"].GetString(), id.c_str());
  EXPECT_STREQ(task["status"].GetString(), "SUCCEEDED");
  EXPECT_STREQ(task["app_id"].GetString(), kAppA.app_id.c_str());
  EXPECT_STREQ(task["input"].GetString(), "clip.mp4");  // the client's id, not the server's path
  EXPECT_EQ(task["progress"].GetInt(), 100);
  EXPECT_EQ(task["planned"].GetInt64(), 2);
  ASSERT_TRUE(task["params"].IsObject());
  EXPECT_STREQ(task["params"]["kind"].GetString(), "snapshot");
  EXPECT_FALSE(task["params"].HasMember("output_dir"));
  EXPECT_TRUE(task["request"].IsObject() || task["request"].IsNull());
  EXPECT_EQ(res.body.find(dir_), std::string::npos) << "a server path in " << res.body;

  std::vector<std::string> events;
  for (const auto& event : doc["timeline"].GetArray()) events.emplace_back(event["event"].GetString());
  EXPECT_EQ(events, (std::vector<std::string>{"submitted", "claimed #1", "attempt #1 succeeded", "finished"}));
  ASSERT_EQ(doc["attempts"].Size(), 1u);
  EXPECT_STREQ(doc["attempts"][0]["outcome"].GetString(), "succeeded");
  EXPECT_GT(doc["attempts"][0]["ended_ms"].GetInt64(), 0);

  ASSERT_EQ(doc["outputs"].Size(), 2u) << res.body;
  for (const auto& output : doc["outputs"].GetArray()) {
    const std::string name = output["name"].GetString();
    EXPECT_STREQ(output["kind"].GetString(), "image");
    EXPECT_EQ(output["url"].GetString(), "/admin/api/tasks/" + id + "/outputs/" + name);
    auto file = admin_get(output["url"].GetString());
    ASSERT_EQ(file.status, 200) << name;
    EXPECT_EQ(file.header("content-type"), "image/jpeg");
    EXPECT_EQ(file.header("cache-control"), "no-store");
    EXPECT_EQ(file.header("x-content-type-options"), "nosniff");
    auto info = probe_image_bytes({file.body.begin(), file.body.end()});
    ASSERT_TRUE(info) << name;
    EXPECT_EQ(info->width, output["width"].GetInt());
    EXPECT_EQ(info->height, output["height"].GetInt());
  }
  const std::string first = doc["outputs"][0]["name"].GetString();

  // Ids and names that try to leave the task's folder, or name a file that is not one of its outputs.
  std::ofstream(dir_ + "/data/outputs/" + id + "/not-an-output.jpg") << "planted";
  for (const std::string& name : std::vector<std::string>{"..%2F..%2Fthumbgate.db", "..%2Fadmin-token", "..", "%2E%2E", "%2Fetc%2Fpasswd",
                                  first + "%00", first + "%2F", "not-an-output.jpg", ".", "%00", "a%2F..%2F" + first,
                                  "0.jpg%3Fx", first + "%25"}) {
    auto bad = admin_get("/admin/api/tasks/" + id + "/outputs/" + name);
    EXPECT_EQ(bad.status, 404) << name << " " << bad.body.substr(0, 100);
    EXPECT_EQ(error_code(bad), "not_found") << name;
  }
  for (const std::string& bad_id : std::vector<std::string>{"..", "%2E%2E", ".", id + "%2F..", "..%2F" + id, id + "%00", "%00", "a%20b",
                                    std::string(200, 'a'), id + "%2Foutputs"}) {
    auto detail = admin_get("/admin/api/tasks/" + bad_id);
    EXPECT_EQ(detail.status, 404) << bad_id;
    EXPECT_EQ(error_code(detail), "not_found") << bad_id;
    EXPECT_EQ(admin_get("/admin/api/tasks/" + bad_id + "/outputs/" + first).status, 404) << bad_id;
    EXPECT_EQ(admin_post("/admin/api/tasks/" + bad_id + "/retry").status, 404) << bad_id;
  }
  // Malformed escapes, and paths that are no route.
  EXPECT_EQ(admin_get("/admin/api/tasks/%zz").status, 404);
  EXPECT_EQ(admin_get("/admin/api/tasks/" + id + "/outputs/%").status, 404);
  EXPECT_EQ(admin_get("/admin/api/tasks/" + id + "/outputs/" + first + "/x").status, 404);
  EXPECT_EQ(admin_get("/admin/api/tasks/" + id + "/nothing").status, 404);
  // The wrong method on a route.
  auto wrong = http_request("DELETE", admin_url("/admin/api/tasks/" + id), "", bearer());
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.header("allow"), "GET, HEAD");
  EXPECT_EQ(admin_get("/admin/api/tasks/" + id + "/retry").status, 405);
  EXPECT_EQ(admin_get("/admin/api/tasks/no-such-task").status, 404);
}

// A task whose request, callback URL and errors carry credentials and server paths: none of them appears in any
// admin answer.
TEST_F(AdminDetailTest, NoAnswerCarriesAPlantedSecret) {
  const int64_t now = SystemClock().now_ms();
  tasks::TaskSpec s = spec("app-secret", "tencent_vod", "clip.mp4");
  s.request = R"({"method":"GET","path":"/v2/index.php","query":[["Action","CreateImageSprite"],)"
              R"(["Signature","SECRETSIG"],["SecretId","AKIDpublic"],["ServerSecret","9193cc662a4c0ec135ec71fb57194b38"],)"
              R"(["notify","http://user:pass@hooks.example/cb?token=SECRETTOKEN"]],)"
              R"("body":"fileId=1&Signature=SECRETSIG&x-cos-security-token=SECRETTOKEN"})";
  s.callback_url = "http://user:pass@127.0.0.1:9/cb?token=SECRETTOKEN";
  s.job.output_dir = dir_ + "/media/out-bucket";
  auto& db = store();
  ASSERT_TRUE(db.create("secret-1", s, now - 5000));
  auto claimed = db.claim("w-test-1", now - 4000, 3'600'000);
  ASSERT_TRUE(claimed && *claimed);
  tasks::CallbackDelivery callback;
  callback.url = s.callback_url;
  callback.body = R"({"Signature":"SECRETSIG"})";
  auto failed = db.fail("secret-1", "w-test-1", "not_found",
                      "cannot open " + s.input + " or " + dir_ + "/data/outputs/secret-1/0.jpg via " + s.callback_url +
                          " in " + s.job.output_dir,
                      now - 3000, callback);
  ASSERT_TRUE(failed && *failed);
  start_admin(R"(,"workers":0)");
  // Let the sender try (and fail) the callback, so its attempts and errors are recorded too.
  for (int i = 0; i < 100; ++i) {
    auto callbacks = outbox().callbacks_for("secret-1");
    if (callbacks && !callbacks->empty() && callbacks->front().attempts > 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const AdminSession session = sign_in();
  std::vector<HttpResult> answers = {
      admin_get("/admin/api/tasks"),
      admin_get("/admin/api/tasks?id=secret-1"),
      admin_get("/admin/api/tasks/count?app=app-secret"),
      admin_get("/admin/api/tasks/secret-1"),
      admin_get("/admin/api/overview"),
      admin_get("/admin/api/tasks/secret-1/outputs/0.jpg"),
      http_get(admin_url("/admin/api/session"), cookie_headers(session, false)),
      admin_post("/admin/api/tasks/secret-1/cancel"),
      admin_post("/admin/api/tasks/bulk", R"({"action":"retry","filter":{"app":"app-secret"},"expect":7})"),
      admin_post("/admin/api/tasks/secret-1/retry"),
      admin_get("/admin/api/tasks/secret-1"),
  };
  ASSERT_EQ(answers[3].status, 200) << answers[3].body;
  rapidjson::Document detail = parse(answers[3].body);
  ASSERT_EQ(detail["callbacks"].Size(), 1u);
  EXPECT_STREQ(detail["callbacks"][0]["url"].GetString(), "http://***@127.0.0.1:9/cb?token=***");
  EXPECT_TRUE(detail["task"]["request"].IsObject()) << answers[3].body;
  EXPECT_NE(answers[3].body.find("AKIDpublic"), std::string::npos) << "the request is shown, redacted";
  for (const HttpResult& answer : answers) {
    std::string everything = answer.body;
    for (const auto& [name, value] : answer.headers) everything += "\n" + name + ": " + value;
    for (const std::string& secret : {std::string("SECRETSIG"), std::string("SECRETTOKEN"), std::string("user:pass"),
                                      std::string("pass@"), std::string("9193cc662a4c0ec135ec71fb57194b38"),
                                      kAdminToken, dir_}) {
      EXPECT_EQ(everything.find(secret), std::string::npos) << secret << " in " << everything;
    }
  }
}

}  // namespace
}  // namespace tg::testing
