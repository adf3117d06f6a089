// MediaThumbnails end to end: a signed request queues a task, a worker runs FFmpeg on a generated clip,
// DescribeMediaTask reports it finished, and the images are served and decodable at the expected size.

#include "integration/gateway_fixture.hpp"
#include "support/image_probe.hpp"

namespace tg::testing {
namespace {

class ZegoHappyPath : public GatewayFixture {};

std::vector<uint8_t> fetch_image(const std::string& url, const std::string& content_type) {
  auto res = http_get(url);
  EXPECT_EQ(res.status, 200) << url;
  EXPECT_EQ(res.header("content-type"), content_type) << url;
  return {res.body.begin(), res.body.end()};
}

TEST_F(ZegoHappyPath, TencentTimeOffsetSnapshotsFinishWithSourceSizeJpegs) {
  start();
  // Both spellings of the array parameter, and a FileId from the media table.
  std::string body = call(kAppA, {{"Action", "MediaThumbnails"},
                                  {"Vendor", "Tencent"},
                                  {"FileId", "1397757897438985100"},
                                  {"Type", "SnapshotByTimeOffset"},
                                  {"Definition", "10"},
                                  {"ExtTimeOffsetSet[]", "1"},
                                  {"ExtTimeOffsetSet%5B%5D", "2.5"}});
  ASSERT_EQ(code_of(body), 0) << body;
  std::string task_id = json_field(body, "Data.Tencent.TaskId");
  ASSERT_GE(task_id.size(), 24u) << body;
  EXPECT_FALSE(json_field(body, "Data.Tencent.RequestId").empty());
  EXPECT_FALSE(json_field(body, "RequestId").empty());

  std::string done = wait_status(kAppA, "Tencent", task_id, {"FINISH", "FAIL"});
  ASSERT_EQ(json_field(done, "Data.Tencent.Status"), "FINISH") << done;
  auto urls = json_strings(done, "Data.Tencent.ThumbnailsUrl");
  ASSERT_EQ(urls.size(), 2u) << done;
  for (const auto& u : urls) {
    ASSERT_EQ(u.rfind(server_->base_url() + "/outputs/", 0), 0u) << u;
    auto info = probe_image_bytes(fetch_image(u, "image/jpeg"));
    ASSERT_TRUE(info) << u;
    EXPECT_EQ(info->codec, "mjpeg");
    EXPECT_EQ(info->width, 320);
    EXPECT_EQ(info->height, 240);
  }
}

TEST_F(ZegoHappyPath, TencentSampleSnapshotTakesTenPercentSteps) {
  start();
  std::string body = call(kAppA, {{"Action", "MediaThumbnails"},
                                  {"Vendor", "Tencent"},
                                  {"FileId", "clip.mp4"},
                                  {"Type", "SampleSnapshot"},
                                  {"Definition", "10"}});
  ASSERT_EQ(code_of(body), 0) << body;
  std::string done = wait_status(kAppA, "Tencent", json_field(body, "Data.Tencent.TaskId"), {"FINISH", "FAIL"});
  ASSERT_EQ(json_field(done, "Data.Tencent.Status"), "FINISH") << done;
  EXPECT_EQ(json_strings(done, "Data.Tencent.ThumbnailsUrl").size(), 10u) << done;
}

TEST_F(ZegoHappyPath, HuaweiIntervalSamplingSucceedsWithMaxLengthImages) {
  start(R"(,"huawei":{"format":"jpg","max_length":160})");
  std::string body = call(kAppA, {{"Action", "MediaThumbnails"},
                                  {"Vendor", "Huawei"},
                                  {"FileId", "/rec/a.mp4"},
                                  {"Type", "SampleSnapshot"},
                                  {"Interval", "2"}});
  ASSERT_EQ(code_of(body), 0) << body;
  std::string task_id = json_field(body, "Data.Huawei.task_id");
  ASSERT_GE(task_id.size(), 24u) << body;

  std::string done = wait_status(kAppA, "Huawei", task_id, {"SUCCEEDED", "FAILED"});
  ASSERT_EQ(json_field(done, "Data.Huawei.Status"), "SUCCEEDED") << done;
  EXPECT_EQ(json_field(done, "Data.Huawei.CreateTime").size(), 14u) << done;
  EXPECT_EQ(json_field(done, "Data.Huawei.EndTime").size(), 14u) << done;
  auto names = json_strings(done, "Data.Huawei.FileName");
  ASSERT_EQ(names.size(), 3u) << done;  // 0 s, 2 s, 4 s of a 6 s clip
  for (const auto& name : names) {
    auto info = probe_image_bytes(fetch_image(server_->base_url() + "/outputs/" + name, "image/jpeg"));
    ASSERT_TRUE(info) << name;
    EXPECT_EQ(info->width, 160);
    EXPECT_EQ(info->height, 120);
  }
}

}  // namespace
}  // namespace tg::testing
