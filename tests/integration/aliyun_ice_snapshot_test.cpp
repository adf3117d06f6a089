// ICE SubmitSnapshotJob over HTTP against the real server: every Type to Success, files named as Output
// says in the output bucket, geometry as the template says, the black-frame filter, and the signed URLs
// of GetSnapshotUrls (paging, download, expiry, tampering).

#include <filesystem>
#include <fstream>
#include <sstream>

#include "integration/aliyun_ice_fixture.hpp"
#include "integration/request_log.hpp"
#include "support/image_probe.hpp"

namespace tg::testing {
namespace {

namespace fs = std::filesystem;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> url_list(const rapidjson::Document& doc) {
  std::vector<std::string> out;
  if (!doc.HasMember("SnapshotUrls") || !doc["SnapshotUrls"].IsArray()) return out;
  for (const auto& v : doc["SnapshotUrls"].GetArray()) out.emplace_back(v.GetString());
  return out;
}

class IceSnapshotTest : public IceFixture {};

TEST_F(IceSnapshotTest, NormalImagesLandInTheOutputBucketNamedWithCount) {
  start_ice();
  const std::string job = submit("oss://in-bucket/clip.mp4", "oss://out-bucket/snap/shot-{Count}.jpg",
                                 R"({"TemplateId":"tpl-normal","OverwriteParams":{"Count":3,"Interval":1,"Time":500,"Width":160}})",
                                 {}, R"({"order":7})");
  ASSERT_FALSE(job.empty());
  const std::string body = wait_job(job);
  auto doc = json_of(body);
  const auto& sj = doc["SnapshotJob"];
  EXPECT_EQ(str_of(sj, "Status"), "Success") << body;
  EXPECT_EQ(str_of(sj, "Type"), "Normal");
  EXPECT_EQ(str_of(sj, "UserData"), R"({"order":7})");
  EXPECT_EQ(str_of(sj, "TemplateId"), "tpl-normal");
  EXPECT_EQ(sj["Count"].GetInt(), 3);
  EXPECT_EQ(str_of(sj["Input"]["OssFile"], "Bucket"), "in-bucket");
  for (const char* name : {"shot-00001.jpg", "shot-00002.jpg", "shot-00003.jpg"}) {
    const std::string path = output_dir_ + "/snap/" + name;
    auto info = probe_image(path);
    ASSERT_TRUE(info) << path;
    EXPECT_EQ(info->width, 160);
    EXPECT_EQ(info->height, 120);
  }
  EXPECT_FALSE(fs::exists(output_dir_ + "/snap/shot-00004.jpg"));
  EXPECT_TRUE(has_served_line(server_->output(), "aliyun_ice", kIceKeyId, job)) << server_->output();

  auto list = urls(job);
  EXPECT_EQ(list["Total"].GetInt(), 3);
  const auto links = url_list(list);
  ASSERT_EQ(links.size(), 3u);
  for (std::size_t i = 0; i < links.size(); ++i) {
    EXPECT_NE(links[i].find("/oss/out-bucket/snap/shot-0000" + std::to_string(i + 1) + ".jpg?OSSAccessKeyId="),
              std::string::npos)
        << links[i];
    auto got = http_get(links[i]);
    ASSERT_EQ(got.status, 200) << got.body;
    EXPECT_EQ(got.header("content-type"), "image/jpeg");
    EXPECT_EQ(got.body, read_file(output_dir_ + "/snap/shot-0000" + std::to_string(i + 1) + ".jpg"));
  }
}

TEST_F(IceSnapshotTest, MediaInputsComeFromTheMediaTable) {
  start_ice();
  auto res = ice("SubmitSnapshotJob", {{"Input", R"({"Type":"Media","Media":"1397757897438985100"})"},
                                       {"Output", R"({"Type":"OSS","Media":"oss://out-bucket/media/m.jpg"})"},
                                       {"TemplateConfig", R"({"TemplateId":"thumbgate-normal","OverwriteParams":{"Height":60}})"}});
  ASSERT_EQ(res.status, 200) << res.body;
  const std::string job = str_of(json_of(res.body), "JobId");
  auto doc = json_of(wait_job(job));
  EXPECT_EQ(str_of(doc["SnapshotJob"], "Status"), "Success");
  EXPECT_EQ(str_of(doc["SnapshotJob"]["Input"], "Type"), "Media");
  auto info = probe_image(output_dir_ + "/media/m.jpg");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->width, 80);
  EXPECT_EQ(info->height, 60);
  const auto links = url_list(urls(job));
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(http_get(links[0]).status, 200);
}

TEST_F(IceSnapshotTest, SpriteGeometryFollowsSpriteSnapshotConfig) {
  start_ice();
  const std::string job = submit(
      "https://in-bucket.oss-cn-shanghai.aliyuncs.com/folder/a%20b.mp4", "oss://out-bucket/sprite/sp-{TileCount}.jpg",
      R"({"TemplateId":"thumbgate-sprite","OverwriteParams":{"Interval":1,"Count":8,"SpriteSnapshotConfig":)"
      R"({"CellWidth":64,"CellHeight":36,"Padding":4,"Margin":5,"Color":"#FFFFFF","Columns":3,"Lines":2}}})");
  ASSERT_FALSE(job.empty());
  auto doc = json_of(wait_job(job));
  EXPECT_EQ(str_of(doc["SnapshotJob"], "Status"), "Success");
  EXPECT_EQ(str_of(doc["SnapshotJob"], "Type"), "Sprite");
  EXPECT_EQ(doc["SnapshotJob"]["Count"].GetInt(), 6);  // 6 s clip, one tile a second
  // 3 x 2 tiles of 64x36, padding 4, margin 5: 2*5 + 3*64 + 2*4 = 210 by 2*5 + 2*36 + 4 = 86.
  auto page = probe_image(output_dir_ + "/sprite/sp-00001.jpg");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->width, 210);
  EXPECT_EQ(page->height, 86);
  EXPECT_TRUE(fs::exists(output_dir_ + "/sprite/sp-00001.jpg"));
  EXPECT_FALSE(fs::exists(output_dir_ + "/sprite/sp-00002.jpg"));
  auto list = urls(job);
  EXPECT_EQ(list["Total"].GetInt(), 1);
  EXPECT_FALSE(list.HasMember("WebVTTUrl"));
}

TEST_F(IceSnapshotTest, WebVttWithIsSptFragPointsIntoSpritePages) {
  start_ice();
  const std::string job = submit(
      "oss://in-bucket/clip.mp4", "oss://out-bucket/vtt/index.vtt",
      R"({"TemplateId":"thumbgate-webvtt","OverwriteParams":{"Interval":1,"IsSptFrag":true,)"
      R"("SpriteSnapshotConfig":{"CellWidth":80,"CellHeight":60,"Columns":2,"Lines":2}}})");
  ASSERT_FALSE(job.empty());
  auto doc = json_of(wait_job(job));
  EXPECT_EQ(str_of(doc["SnapshotJob"], "Status"), "Success");
  EXPECT_EQ(str_of(doc["SnapshotJob"], "Type"), "WebVtt");
  const std::string vtt = read_file(output_dir_ + "/vtt/index.vtt");
  ASSERT_EQ(vtt.rfind("WEBVTT", 0), 0u) << vtt;
  EXPECT_NE(vtt.find("index-00001.jpg#xywh=0,0,80,60"), std::string::npos) << vtt;
  EXPECT_NE(vtt.find("index-00001.jpg#xywh=80,60,80,60"), std::string::npos) << vtt;
  EXPECT_NE(vtt.find("index-00002.jpg#xywh=0,0,80,60"), std::string::npos) << vtt;
  auto page = probe_image(output_dir_ + "/vtt/index-00001.jpg");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->width, 160);
  EXPECT_EQ(page->height, 120);
  auto list = urls(job);
  const std::string vtt_url = str_of(list, "WebVTTUrl");
  ASSERT_NE(vtt_url.find("/oss/out-bucket/vtt/index.vtt?"), std::string::npos) << vtt_url;
  auto got = http_get(vtt_url);
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body, vtt);
  EXPECT_EQ(got.header("content-type"), "text/vtt");
  EXPECT_EQ(list["Total"].GetInt(), 2);  // 6 tiles on pages of 4
}

TEST_F(IceSnapshotTest, WebVttWithoutIsSptFragIndexesSeparateImages) {
  start_ice();
  const std::string job = submit("oss://in-bucket/clip.mp4", "oss://out-bucket/thumbs.vtt",
                                 R"({"TemplateId":"thumbgate-webvtt","OverwriteParams":{"Interval":2,"IsSptFrag":false,)"
                                 R"("Width":96,"Height":54}})");
  ASSERT_FALSE(job.empty());
  auto doc = json_of(wait_job(job));
  EXPECT_EQ(str_of(doc["SnapshotJob"], "Status"), "Success");
  const std::string vtt = read_file(output_dir_ + "/thumbs.vtt");
  for (const char* image : {"thumbs-00001.jpg", "thumbs-00002.jpg", "thumbs-00003.jpg"}) {
    EXPECT_NE(vtt.find(std::string(image) + "#xywh=0,0,96,54"), std::string::npos) << vtt;
    auto info = probe_image(output_dir_ + "/" + image);
    ASSERT_TRUE(info) << image;
    EXPECT_EQ(info->width, 96);
    EXPECT_EQ(info->height, 54);
  }
  EXPECT_EQ(urls(job)["Total"].GetInt(), 3);
}

TEST_F(IceSnapshotTest, BlackLevelSkipsTheBlackOpening) {
  start_ice();
  const std::string black_ref = work_dir("clips") + "/black-320x240.png";
  if (!fs::exists(black_ref)) {
    ASSERT_EQ(std::system(("ffmpeg -loglevel error -y -f lavfi -i color=black:s=320x240 -frames:v 1 '" + black_ref + "'").c_str()), 0);
  }
  const std::string plain = submit("oss://in-bucket/black-opening.mp4", "oss://out-bucket/plain/p-{Count}.jpg",
                                   R"({"TemplateId":"tpl-normal","OverwriteParams":{"Count":2,"Interval":3}})");
  const std::string filtered = submit(
      "oss://in-bucket/black-opening.mp4", "oss://out-bucket/filtered/f-{Count}.jpg",
      R"({"TemplateId":"tpl-normal","OverwriteParams":{"Count":2,"Interval":3,"BlackLevel":90,"PixelBlackThreshold":30}})");
  EXPECT_EQ(str_of(json_of(wait_job(plain))["SnapshotJob"], "Status"), "Success");
  EXPECT_EQ(str_of(json_of(wait_job(filtered))["SnapshotJob"], "Status"), "Success");
  // Without the filter the first image is the black opening; with it, a later frame that is not black.
  EXPECT_GT(psnr_against(output_dir_ + "/plain/p-00001.jpg", black_ref), 35.0);
  EXPECT_LT(psnr_against(output_dir_ + "/filtered/f-00001.jpg", black_ref), 20.0);
}

TEST_F(IceSnapshotTest, PostFormXmlAndPaging) {
  start_ice();
  IceSigning post;
  post.post = true;
  const std::string job = submit("oss://in-bucket/clip.mp4", "oss://out-bucket/page/{Count}.jpg",
                                 R"({"TemplateId":"tpl-normal","OverwriteParams":{"Count":5,"Interval":1}})", post);
  ASSERT_FALSE(job.empty());
  EXPECT_EQ(str_of(json_of(wait_job(job, post))["SnapshotJob"], "Status"), "Success");
  auto page2 = urls(job, {{"PageNumber", "2"}, {"PageSize", "2"}, {"OrderBy", "Desc"}});
  const auto links = url_list(page2);
  ASSERT_EQ(links.size(), 2u);
  EXPECT_NE(links[0].find("/page/00003.jpg?"), std::string::npos) << links[0];
  EXPECT_NE(links[1].find("/page/00002.jpg?"), std::string::npos) << links[1];
  EXPECT_EQ(page2["Total"].GetInt(), 5);
  IceSigning xml;
  xml.format = "XML";
  auto res = ice("GetSnapshotUrls", {{"JobId", job}, {"PageSize", "1"}}, xml);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?><GetSnapshotUrlsResponse><RequestId>", 0), 0u)
      << res.body;
  EXPECT_NE(res.body.find("<Total>5</Total>"), std::string::npos);
  EXPECT_NE(res.body.find("/page/00001.jpg?OSSAccessKeyId="), std::string::npos) << res.body;
  EXPECT_NE(res.body.find("&amp;Expires="), std::string::npos);
  auto xml_error = ice("GetSnapshotJob", {{"JobId", "nope"}}, xml);
  EXPECT_EQ(xml_error.status, 404);
  EXPECT_NE(xml_error.body.find("<Error><RequestId>"), std::string::npos) << xml_error.body;
  EXPECT_NE(xml_error.body.find("<Code>InvalidParameter.JobNotFound</Code>"), std::string::npos);
}

TEST_F(IceSnapshotTest, SignedUrlsExpireAndRefuseTampering) {
  start_ice();
  const std::string job = submit("oss://in-bucket/clip.mp4", "oss://out-bucket/cover.jpg", R"({"TemplateId":"tpl-normal"})");
  ASSERT_EQ(str_of(json_of(wait_job(job))["SnapshotJob"], "Status"), "Success");
  auto list = urls(job, {{"Timeout", "1"}});
  const auto links = url_list(list);
  ASSERT_EQ(links.size(), 1u);
  const std::string url = links[0];
  const auto query = url.find('?');
  const std::string base = url.substr(0, query);
  auto code_of = [](const HttpResult& r) {
    auto a = r.body.find("<Code>");
    auto b = r.body.find("</Code>");
    return a == std::string::npos || b == std::string::npos ? std::string() : r.body.substr(a + 6, b - a - 6);
  };
  // Unsigned, another object with this signature, a changed Expires, a forged signature.
  auto unsigned_get = http_get(base);
  EXPECT_EQ(unsigned_get.status, 403);
  EXPECT_EQ(code_of(unsigned_get), "AccessDenied");
  auto other = http_get(server_->base_url() + "/oss/out-bucket/cover2.jpg" + url.substr(query));
  EXPECT_EQ(other.status, 403);
  EXPECT_EQ(code_of(other), "SignatureDoesNotMatch");
  std::string later = url;
  const auto e = later.find("Expires=") + 8;
  later.replace(e, later.find('&', e) - e, "4102444800");
  EXPECT_EQ(code_of(http_get(later)), "SignatureDoesNotMatch");
  std::string forged = url;
  const auto s = forged.find("Signature=") + 10;
  forged[s] = forged[s] == 'A' ? 'B' : 'A';
  EXPECT_EQ(code_of(http_get(forged)), "SignatureDoesNotMatch");
  // Path tricks in the signed URL's path are refused before any file is looked at.
  for (const char* path : {"/oss/out-bucket/../data/ice-out/cover.jpg", "/oss/out-bucket/%2E%2E/x.jpg",
                           "/oss/out-bucket//etc/passwd", "/oss/out-bucket/a%00b.jpg", "/oss/other-bucket/cover.jpg"}) {
    auto r = http_get(server_->base_url() + path + url.substr(query));
    EXPECT_TRUE(r.status == 400 || r.status == 403 || r.status == 404) << path << " " << r.status;
    EXPECT_EQ(r.body.find("JFIF"), std::string::npos) << path;
  }
  EXPECT_EQ(http_get(url).status, 200);
  // Timeout=1: two seconds later the URL has expired.
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  auto expired = http_get(url);
  EXPECT_EQ(expired.status, 403);
  EXPECT_EQ(code_of(expired), "AccessDenied");
  EXPECT_NE(expired.body.find("Request has expired."), std::string::npos);
}

TEST_F(IceSnapshotTest, ListSnapshotJobsIsScopedToTheKeyAndPaged) {
  start_ice();
  std::vector<std::string> mine;
  for (int i = 0; i < 3; ++i) {
    mine.push_back(submit("oss://in-bucket/clip.mp4", "oss://out-bucket/l/" + std::to_string(i) + ".jpg",
                          R"({"TemplateId":"tpl-normal"})"));
  }
  IceSigning other;
  other.key_id = kIceOtherKeyId;
  other.secret = kIceOtherSecret;
  const std::string theirs =
      submit("oss://in-bucket/clip.mp4", "oss://out-bucket/l/theirs.jpg", R"({"TemplateId":"tpl-normal"})", other);
  for (const auto& id : mine) wait_job(id);
  auto first = json_of(ice("ListSnapshotJobs", {{"PageSize", "2"}, {"OrderBy", "CreateTimeAsc"}}).body);
  ASSERT_TRUE(first.HasMember("Jobs") && first["Jobs"].IsArray());
  ASSERT_EQ(first["Jobs"].Size(), 2u);
  EXPECT_EQ(str_of(first["Jobs"][0], "JobId"), mine[0]);
  EXPECT_EQ(str_of(first["Jobs"][1], "JobId"), mine[1]);
  const std::string token = str_of(first, "NextPageToken");
  ASSERT_FALSE(token.empty());
  auto second = json_of(ice("ListSnapshotJobs", {{"PageSize", "2"}, {"OrderBy", "CreateTimeAsc"}, {"NextPageToken", token}}).body);
  ASSERT_EQ(second["Jobs"].Size(), 1u);
  EXPECT_EQ(str_of(second["Jobs"][0], "JobId"), mine[2]);
  EXPECT_EQ(str_of(second, "NextPageToken"), "");
  auto success = json_of(ice("ListSnapshotJobs", {{"Status", "Success"}}).body);
  EXPECT_EQ(success["Jobs"].Size(), 3u);
  EXPECT_EQ(json_of(ice("ListSnapshotJobs", {{"Status", "Fail"}}).body)["Jobs"].Size(), 0u);
  auto by_id = json_of(ice("ListSnapshotJobs", {{"JobId", theirs}}).body);
  EXPECT_EQ(by_id["Jobs"].Size(), 0u);  // another key's job is not listed
  auto future = json_of(ice("ListSnapshotJobs", {{"StartOfCreateTime", iso_utc(std::time(nullptr) + 3600)}}).body);
  EXPECT_EQ(future["Jobs"].Size(), 0u);
  auto window = json_of(ice("ListSnapshotJobs", {{"StartOfCreateTime", iso_utc(std::time(nullptr) - 3600)},
                                                 {"EndOfCreateTime", iso_utc(std::time(nullptr) + 60)}})
                            .body);
  EXPECT_EQ(window["Jobs"].Size(), 3u);
}

}  // namespace
}  // namespace tg::testing
