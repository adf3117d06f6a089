#include "adapters/zego/zego_renderer.hpp"

#include <gtest/gtest.h>

#include "adapters/zego/zego_request_parser.hpp"
#include "signing/zego_signature.hpp"
#include "zego_fixtures.hpp"

namespace tg::adapters::zego {
namespace {

using testing::parse_json;
using testing::read_fixture;
using testing::shape_difference;

constexpr const char* kTencentTask = "12345-procedurev2-afc1fe7dfe51cd88a5d588cacba53393";
constexpr const char* kHuaweiTask = "afc1fe7dfe51cd88a5d588cacba53393";

tasks::TaskRecord tencent_record(tasks::TaskStatus status) {
  tasks::TaskRecord record;
  record.id = kTencentTask;
  record.spec.app_id = "12345";
  record.spec.api = "zego";
  record.spec.vendor = "tencent";
  record.spec.type = "SnapshotByTimeOffset";
  record.spec.source_id = "1397757897438985100";
  record.spec.extra = R"({"Definition":10,"RequestId":"2237080460466033406"})";
  record.status = status;
  record.created_ms = 1731912860000;
  if (status == tasks::TaskStatus::kSucceeded) {
    record.outputs = {{"timeOffsetSnapshot_10_1000.jpg", "image", 1000, 640, 360},
                      {"timeOffsetSnapshot_10_2000.jpg", "image", 2000, 640, 360}};
  }
  if (status == tasks::TaskStatus::kFailed) {
    record.error_code = "not_found";
    record.error_message = "input file does not exist";
  }
  if (status == tasks::TaskStatus::kSucceeded || status == tasks::TaskStatus::kFailed) {
    record.finished_ms = 1731912869000;
  }
  return record;
}

tasks::TaskRecord huawei_record(tasks::TaskStatus status) {
  tasks::TaskRecord record = tencent_record(status);
  record.id = kHuaweiTask;
  record.spec.vendor = "huawei";
  record.spec.type = "SampleSnapshot";
  record.spec.source_id = "/record/a.mp4";
  record.spec.extra = R"({"Interval":2,"RequestId":"2237080460466033406"})";
  if (status == tasks::TaskStatus::kSucceeded) {
    record.outputs = {{"0.jpg", "image", 0, 480, 270}, {"2.jpg", "image", 2000, 480, 270}};
  }
  return record;
}

class ZegoRendererTest : public ::testing::Test {
 protected:
  ZegoSettings settings_ = testing::make_settings();
  ZegoRenderer renderer_{settings_};
  ZegoApp app_ = testing::make_app();
};

TEST_F(ZegoRendererTest, SubmittedTencentMatchesTheFixture) {
  const ApiResponse response = renderer_.render_submitted(tencent_record(tasks::TaskStatus::kQueued),
                                                          "2237080460466033406");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "application/json");
  auto expected = parse_json(read_fixture("media_thumbnails.response.tencent.json"));
  auto actual = parse_json(response.body);
  EXPECT_EQ(shape_difference(expected, actual), "") << response.body;
  EXPECT_EQ(actual, expected) << response.body;
}

TEST_F(ZegoRendererTest, SubmittedHuaweiMatchesTheFixture) {
  const ApiResponse response = renderer_.render_submitted(huawei_record(tasks::TaskStatus::kQueued),
                                                          "2237080460466033406");
  auto expected = parse_json(read_fixture("media_thumbnails.response.huawei.json"));
  auto actual = parse_json(response.body);
  EXPECT_EQ(actual, expected) << response.body;
}

TEST_F(ZegoRendererTest, ErrorMatchesTheFixtureWithHttp200) {
  const ApiResponse response = renderer_.render_error(
      ZegoError{ZegoCode::kAuth, "authentication failed: Signature does not match"}, "2237080460466033406");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(parse_json(response.body), parse_json(read_fixture("error.response.json")));
}

TEST_F(ZegoRendererTest, ErrorEchoingBytesThatAreNotUtf8IsStillJson) {
  // e.g. "Action=%FF": the parser's message quotes the decoded value.
  const ApiResponse response =
      renderer_.render_error(ZegoError{ZegoCode::kParam, "Action \"\xFF\" is not supported"}, "1");
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(response.body.c_str(), response.body.size());
  ASSERT_FALSE(doc.HasParseError()) << response.body;
  EXPECT_STREQ(doc["Message"].GetString(), "Action \"\xEF\xBF\xBD\" is not supported");
}

TEST_F(ZegoRendererTest, EveryCodeRendersItsNumber) {
  for (ZegoCode code : {ZegoCode::kParam, ZegoCode::kNotEnabled, ZegoCode::kVendorNotEnabled, ZegoCode::kConfig,
                        ZegoCode::kTooFrequent, ZegoCode::kAuth, ZegoCode::kFailed, ZegoCode::kFileNotFound}) {
    auto doc = parse_json(renderer_.render_error(ZegoError{code, "why"}, "r").body);
    EXPECT_EQ(doc["Code"].GetInt(), code_value(code));
    EXPECT_STREQ(doc["Message"].GetString(), "why");
  }
  EXPECT_EQ(parse_json(renderer_.render_error(too_frequent_error(), "r").body)["Code"].GetInt(), 6);
}

TEST_F(ZegoRendererTest, DescribeTencentFinishedMatchesTheFixture) {
  const auto record = tencent_record(tasks::TaskStatus::kSucceeded);
  const ApiResponse response =
      renderer_.render_task(&record, Vendor::kTencent, record.id, "5f0e4b1c2d3a49e8b7a6c5d4e3f2a1b0");
  EXPECT_EQ(parse_json(response.body), parse_json(read_fixture("describe_media_task.response.tencent.json")))
      << response.body;
}

TEST_F(ZegoRendererTest, DescribeTencentStatuses) {
  const std::pair<tasks::TaskStatus, const char*> cases[] = {{tasks::TaskStatus::kQueued, "WAITING"},
                                                             {tasks::TaskStatus::kRunning, "PROCESSING"},
                                                             {tasks::TaskStatus::kSucceeded, "FINISH"},
                                                             {tasks::TaskStatus::kFailed, "FAIL"}};
  const auto fixture = parse_json(read_fixture("describe_media_task.response.tencent.json"));
  for (const auto& [status, name] : cases) {
    const auto record = tencent_record(status);
    auto doc = parse_json(renderer_.render_task(&record, Vendor::kTencent, record.id, "r").body);
    EXPECT_EQ(shape_difference(fixture, doc), "") << name;
    const auto& data = doc["Data"]["Tencent"];
    EXPECT_STREQ(data["Status"].GetString(), name);
    EXPECT_STREQ(data["Event"].GetString(), "SnapshotByTimeOffset");
    EXPECT_EQ(data["ThumbnailsUrl"].Size(), status == tasks::TaskStatus::kSucceeded ? 2u : 0u);
    EXPECT_STREQ(data["Message"].GetString(),
                 status == tasks::TaskStatus::kFailed ? "input file does not exist" : "");
  }
}

TEST_F(ZegoRendererTest, DescribeHuaweiMatchesTheFixtureAndStatuses) {
  const auto record = huawei_record(tasks::TaskStatus::kSucceeded);
  const ApiResponse response =
      renderer_.render_task(&record, Vendor::kHuawei, record.id, "5f0e4b1c2d3a49e8b7a6c5d4e3f2a1b0");
  EXPECT_EQ(parse_json(response.body), parse_json(read_fixture("describe_media_task.response.huawei.json")))
      << response.body;

  const std::pair<tasks::TaskStatus, const char*> cases[] = {{tasks::TaskStatus::kQueued, "WAITING"},
                                                             {tasks::TaskStatus::kRunning, "PROCESSING"},
                                                             {tasks::TaskStatus::kFailed, "FAILED"}};
  for (const auto& [status, name] : cases) {
    const auto other = huawei_record(status);
    auto doc = parse_json(renderer_.render_task(&other, Vendor::kHuawei, other.id, "r").body);
    const auto& data = doc["Data"]["Huawei"];
    EXPECT_STREQ(data["Status"].GetString(), name);
    EXPECT_EQ(data["FileName"].Size(), 0u);
    EXPECT_STREQ(data["CreateTime"].GetString(), "20241118065420");
    EXPECT_STREQ(data["EndTime"].GetString(), status == tasks::TaskStatus::kFailed ? "20241118065429" : "");
  }
}

TEST_F(ZegoRendererTest, UnknownTaskPerVendor) {
  auto huawei = parse_json(
      renderer_.render_task(nullptr, Vendor::kHuawei, "0123456789abcdef0123456789abcdef",
                            "5f0e4b1c2d3a49e8b7a6c5d4e3f2a1b0")
          .body);
  EXPECT_EQ(huawei, parse_json(read_fixture("describe_media_task.response.huawei_no_task.json")));
  auto tencent = parse_json(renderer_.render_task(nullptr, Vendor::kTencent, "nope", "r").body);
  EXPECT_EQ(tencent["Code"].GetInt(), 2);
  EXPECT_STREQ(tencent["Message"].GetString(), "TaskId nope does not exist");
  EXPECT_FALSE(tencent.HasMember("Data"));
}

TEST_F(ZegoRendererTest, VisibilityIsPerAppVendorAndApi) {
  const auto record = tencent_record(tasks::TaskStatus::kQueued);
  EXPECT_TRUE(visible_to(record, "12345", Vendor::kTencent));
  EXPECT_FALSE(visible_to(record, "54321", Vendor::kTencent));
  EXPECT_FALSE(visible_to(record, "12345", Vendor::kHuawei));
  auto other_api = record;
  other_api.spec.api = "tencent_vod";
  EXPECT_FALSE(visible_to(other_api, "12345", Vendor::kTencent));
}

TEST_F(ZegoRendererTest, UrlsUsePublicBaseUrlWithoutDoubleSlash) {
  settings_.public_base_url = "https://thumbs.example.com/";
  EXPECT_EQ(renderer_.output_url("t1", "0.jpg"), "https://thumbs.example.com/outputs/t1/0.jpg");
}

TEST_F(ZegoRendererTest, HuaweiTimeIsUtcCompact) {
  EXPECT_EQ(huawei_time(1731912869000), "20241118065429");
  EXPECT_EQ(huawei_time(1731912869999), "20241118065429");
  EXPECT_EQ(huawei_time(0), "");
}

TEST_F(ZegoRendererTest, TencentCallbackIsExactlyTheFixture) {
  const auto record = tencent_record(tasks::TaskStatus::kSucceeded);
  auto delivery = renderer_.render_callback(record, app_, 1470820198, "123412");
  ASSERT_TRUE(delivery);
  EXPECT_EQ(delivery->url, app_.callback_url);
  EXPECT_EQ(delivery->task_id, record.id);
  EXPECT_EQ(delivery->content_type, "application/json");
  auto body = parse_json(delivery->body);
  EXPECT_EQ(body, parse_json(read_fixture("snapshot_callback.tencent.json"))) << delivery->body;
  // The official callback-signature vector: secret "secret", timestamp 1470820198, nonce 123412.
  EXPECT_STREQ(body["signature"].GetString(), "5bd59fd62953a8059fb7eaba95720f66d19e4517");
  // snapshot_pic_list is a string holding a JSON array.
  ASSERT_TRUE(body["snapshot_pic_list"].IsString());
  auto list = parse_json(body["snapshot_pic_list"].GetString());
  ASSERT_TRUE(list.IsArray());
  EXPECT_EQ(list[1]["offset"].GetInt(), 2000);
}

TEST_F(ZegoRendererTest, CallbackSignatureVerifiesWithTheAppSecret) {
  app_.callback_secret = "another-secret";
  const auto record = tencent_record(tasks::TaskStatus::kSucceeded);
  auto delivery = renderer_.render_callback(record, app_, 1700000000, "9f8e7d6c5b4a3921");
  ASSERT_TRUE(delivery);
  auto body = parse_json(delivery->body);
  EXPECT_EQ(std::string(body["signature"].GetString()),
            signing::zego_callback_signature("another-secret", body["timestamp"].GetString(),
                                             body["nonce"].GetString()));
  EXPECT_STREQ(body["timestamp"].GetString(), "1700000000");
}

TEST_F(ZegoRendererTest, HuaweiCallbackIsExactlyTheFixture) {
  const auto record = huawei_record(tasks::TaskStatus::kSucceeded);
  auto delivery = renderer_.render_callback(record, app_, 1470820198, "123412");
  ASSERT_TRUE(delivery);
  auto body = parse_json(delivery->body);
  EXPECT_EQ(body, parse_json(read_fixture("snapshot_callback.huawei.json"))) << delivery->body;
  EXPECT_FALSE(body.HasMember("field_id"));
}

TEST_F(ZegoRendererTest, TencentSampleCallbackHasNoOffsets) {
  auto record = tencent_record(tasks::TaskStatus::kSucceeded);
  record.spec.type = "SampleSnapshot";
  record.outputs = {{"sampleSnapshot_10_0.jpg", "image", 0, 1, 1}};
  auto delivery = renderer_.render_callback(record, app_, 1, "n");
  ASSERT_TRUE(delivery);
  auto list = parse_json(parse_json(delivery->body)["snapshot_pic_list"].GetString());
  ASSERT_EQ(list.Size(), 1u);
  EXPECT_FALSE(list[0].HasMember("offset"));
  EXPECT_STREQ(list[0]["url"].GetString(),
               "http://127.0.0.1:8080/outputs/12345-procedurev2-afc1fe7dfe51cd88a5d588cacba53393/"
               "sampleSnapshot_10_0.jpg");
}

TEST_F(ZegoRendererTest, FailedTaskCallbackHasAnEmptyList) {
  auto delivery = renderer_.render_callback(tencent_record(tasks::TaskStatus::kFailed), app_, 1, "n");
  ASSERT_TRUE(delivery);
  EXPECT_STREQ(parse_json(delivery->body)["snapshot_pic_list"].GetString(), "[]");
}

TEST_F(ZegoRendererTest, NoCallbackWithoutUrlOrBeforeTheEnd) {
  EXPECT_FALSE(renderer_.render_callback(tencent_record(tasks::TaskStatus::kRunning), app_, 1, "n"));
  app_.callback_url.clear();
  EXPECT_FALSE(renderer_.render_callback(tencent_record(tasks::TaskStatus::kSucceeded), app_, 1, "n"));
}

}  // namespace
}  // namespace tg::adapters::zego
