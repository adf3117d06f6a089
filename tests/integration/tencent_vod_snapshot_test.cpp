// CreateSnapshotByTimeOffset over HTTP against the real server: images of the template's size at the
// requested milliseconds, GetTaskInfo's picInfo and the CreateSnapshotByTimeOffsetComplete event.

#include <rapidjson/document.h>

#include "integration/tencent_vod_fixture.hpp"
#include "support/callback_receiver.hpp"
#include "support/image_probe.hpp"

namespace tg::testing {
namespace {

class VodSnapshot : public VodFixture {};

TEST_F(VodSnapshot, TimeOffsetsInMillisecondsBecomeImagesOfTheTemplateSize) {
  CallbackReceiver receiver;
  start(vod_config(100, receiver.url("/vod/events")));
  std::string body = vod_call(kVodKeyA, {{"Action", "CreateSnapshotByTimeOffset"},
                                         {"fileId", "1397757897438985100"},
                                         {"definition", "20"},
                                         {"timeOffset.0", "1000"},
                                         {"timeOffset.1", "3500"}});
  ASSERT_EQ(vod_code(body), 0) << body;
  const std::string task_id = json_field(body, "vodTaskId");
  ASSERT_EQ(task_id.rfind("CreateSnapshotByTimeOffset-", 0), 0u) << body;

  body = wait_finish(kVodKeyA, task_id);
  EXPECT_EQ(json_field(body, "type"), "CreateSnapshotByTimeOffset");
  EXPECT_EQ(json_field(body, "data.errCode"), "0") << body;
  rapidjson::Document doc;
  doc.Parse(body.c_str());
  ASSERT_FALSE(doc.HasParseError()) << body;
  const auto& pics = doc["data"]["picInfo"];
  ASSERT_TRUE(pics.IsArray()) << body;
  ASSERT_EQ(pics.Size(), 2u) << body;
  const int64_t expected_offsets[] = {1000, 3500};
  std::vector<std::string> urls;
  for (rapidjson::SizeType i = 0; i < pics.Size(); ++i) {
    EXPECT_EQ(pics[i]["timeOffset"].GetInt64(), expected_offsets[i]);
    EXPECT_EQ(pics[i]["status"].GetInt(), 0);
    const std::string url = pics[i]["url"].GetString();
    urls.push_back(url);
    auto res = http_get(url);
    ASSERT_EQ(res.status, 200) << url;
    auto info = probe_image_bytes(std::vector<uint8_t>(res.body.begin(), res.body.end()));
    ASSERT_TRUE(info) << url;
    EXPECT_EQ(info->codec, "mjpeg");
    // Template 20 is 500x281 stretched, odd height kept.
    EXPECT_EQ(info->width, 500);
    EXPECT_EQ(info->height, 281);
  }

  auto events = receiver.wait_for(1, 30000);
  ASSERT_EQ(events.size(), 1u);
  rapidjson::Document event;
  event.Parse(events[0].body.c_str());
  ASSERT_FALSE(event.HasParseError()) << events[0].body;
  EXPECT_STREQ(event["version"].GetString(), "4.0");
  EXPECT_STREQ(event["eventType"].GetString(), "CreateSnapshotByTimeOffsetComplete");
  EXPECT_EQ(event["data"]["status"].GetInt(), 0);
  EXPECT_EQ(std::string(event["data"]["vodTaskId"].GetString()), task_id);
  EXPECT_EQ(event["data"]["definition"].GetInt(), 20);
  ASSERT_EQ(event["data"]["picInfo"].Size(), 2u);
  EXPECT_EQ(std::string(event["data"]["picInfo"][1]["url"].GetString()), urls[1]);
  EXPECT_EQ(event["data"]["picInfo"][1]["timeOffset"].GetInt64(), 3500);
}

TEST_F(VodSnapshot, SourceSizeTemplateAndOffsetsInIndexOrder) {
  start(vod_config());
  // timeOffset.N are taken in N order, whatever order the parameters arrive in.
  std::string body = vod_call(kVodKeyA, {{"Action", "CreateSnapshotByTimeOffset"},
                                         {"fileId", "1397757897438985100"},
                                         {"definition", "10"},
                                         {"timeOffset.1", "2000"},
                                         {"timeOffset.0", "0"}});
  ASSERT_EQ(vod_code(body), 0) << body;
  body = wait_finish(kVodKeyA, json_field(body, "vodTaskId"));
  rapidjson::Document doc;
  doc.Parse(body.c_str());
  const auto& pics = doc["data"]["picInfo"];
  ASSERT_EQ(pics.Size(), 2u) << body;
  EXPECT_EQ(pics[0]["timeOffset"].GetInt64(), 0);
  EXPECT_EQ(pics[1]["timeOffset"].GetInt64(), 2000);
  auto res = http_get(pics[0]["url"].GetString());
  auto info = probe_image_bytes(std::vector<uint8_t>(res.body.begin(), res.body.end()));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->width, 320);  // the test clip's own size
  EXPECT_EQ(info->height, 240);
}

TEST_F(VodSnapshot, MoreTimeOffsetsThanATaskMayMakeAreRefused) {
  start(vod_config() + R"(,"max_images_per_task":2)");
  std::string body = vod_call(kVodKeyA, {{"Action", "CreateSnapshotByTimeOffset"},
                                         {"fileId", "1397757897438985100"},
                                         {"definition", "20"},
                                         {"timeOffset.0", "1000"},
                                         {"timeOffset.1", "2000"},
                                         {"timeOffset.2", "3000"}});
  EXPECT_EQ(vod_code(body), 1000) << body;
  EXPECT_NE(body.find("the request makes 3 images; a task makes at most 2"), std::string::npos) << body;
}

}  // namespace
}  // namespace tg::testing
