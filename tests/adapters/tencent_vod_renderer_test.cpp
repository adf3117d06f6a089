// VOD v2 bodies against the schemas/tencent_vod fixtures: submit answers, errors, GetTaskInfo in every
// state, and the v4.0 events of finished and failed tasks.

#include <gtest/gtest.h>

#include "adapters/tencent_vod/vod_renderer.hpp"
#include "adapters/tencent_vod_fixtures.hpp"

namespace tg::adapters::tencent_vod {
namespace {

using namespace testing;
using zego::testing::parse_json;
using zego::testing::shape_difference;

class VodRendererTest : public ::testing::Test {
 protected:
  VodSettings settings_ = make_settings();
  VodRenderer renderer_{settings_};

  void expect_shape(const std::string& fixture, const std::string& actual) {
    const auto expected = parse_json(read_fixture(fixture));
    const auto got = parse_json(actual);
    ASSERT_FALSE(got.HasParseError()) << actual;
    EXPECT_EQ(shape_difference(expected, got), "") << fixture << " vs " << actual;
  }
};

TEST_F(VodRendererTest, SubmittedAndError) {
  ApiResponse r = renderer_.render_submitted("CreateImageSprite-1edb7eb88a599d05abe451cfc541cfbd");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  expect_shape("create_image_sprite.response.json", r.body);
  EXPECT_EQ(parse_json(r.body), parse_json(read_fixture("create_image_sprite.response.json")));
  r = renderer_.render_error({vod_code::kAuthFailed, "authentication failed: Signature does not match"});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(parse_json(r.body), parse_json(read_fixture("error.response.json")));
  EXPECT_EQ(parse_json(renderer_.render_error({vod_code::kQuotaExceeded, "x"}).body)["codeDesc"], "QuotaExceeded");
}

TEST_F(VodRendererTest, ErrorEchoingBytesThatAreNotUtf8IsStillJson) {
  const ApiResponse r = renderer_.render_error({vod_code::kInvalidRequest, "Action \"\xFF\xFE\" is not supported"});
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(r.body.c_str(), r.body.size());
  ASSERT_FALSE(doc.HasParseError()) << r.body;
  EXPECT_STREQ(doc["message"].GetString(), "Action \"\xEF\xBF\xBD\xEF\xBF\xBD\" is not supported");
}

TEST_F(VodRendererTest, TaskInfoOfAFinishedSpriteMatchesTheFixture) {
  tasks::TaskRecord r = finished_record(true);
  r.created_ms = 1'700'000'000'000;
  r.started_ms = 1'700'000'001'000;
  r.finished_ms = 1'700'000'005'400;
  const std::string body = renderer_.render_task_info(r, 106).body;
  EXPECT_EQ(parse_json(body), parse_json(read_fixture("get_task_info.response.sprite.json"))) << body;
}

TEST_F(VodRendererTest, TaskInfoOfAFinishedSnapshotMatchesTheFixture) {
  tasks::TaskRecord r = finished_record(false);
  r.finished_ms = 1'700'000'002'000;
  const std::string body = renderer_.render_task_info(r, 0).body;
  EXPECT_EQ(parse_json(body), parse_json(read_fixture("get_task_info.response.snapshot.json"))) << body;
}

TEST_F(VodRendererTest, TaskInfoWhileWaitingProcessingAndFailed) {
  tasks::TaskRecord r = finished_record(true);
  r.outputs.clear();
  r.status = tasks::TaskStatus::kRunning;
  r.finished_ms = 0;
  std::string body = renderer_.render_task_info(r, 0).body;
  EXPECT_EQ(parse_json(body), parse_json(read_fixture("get_task_info.response.processing.json"))) << body;
  r.status = tasks::TaskStatus::kQueued;
  r.started_ms = 0;
  auto doc = parse_json(renderer_.render_task_info(r, 0).body);
  EXPECT_STREQ(doc["status"].GetString(), "WAITING");
  EXPECT_STREQ(doc["beginProcessTime"].GetString(), "");
  r.status = tasks::TaskStatus::kFailed;
  r.started_ms = 1'700'000'001'000;
  r.finished_ms = 1'700'000'001'900;
  r.error_code = "corrupt";
  r.error_message = "the input could not be read";
  body = renderer_.render_task_info(r, 0).body;
  EXPECT_EQ(parse_json(body), parse_json(read_fixture("get_task_info.response.failed.json"))) << body;
}

TEST_F(VodRendererTest, EventsMatchTheFixtures) {
  auto sprite = renderer_.render_event(finished_record(true), 106);
  ASSERT_TRUE(sprite);
  EXPECT_EQ(parse_json(*sprite), parse_json(read_fixture("create_image_sprite_complete.event.json"))) << *sprite;
  auto snapshot = renderer_.render_event(finished_record(false), 0);
  ASSERT_TRUE(snapshot);
  EXPECT_EQ(parse_json(*snapshot), parse_json(read_fixture("create_snapshot_by_time_offset_complete.event.json")))
      << *snapshot;
  tasks::TaskRecord failed = finished_record(true);
  failed.status = tasks::TaskStatus::kFailed;
  failed.outputs.clear();
  failed.error_code = "corrupt";
  failed.error_message = "the input could not be read";
  auto failure = renderer_.render_event(failed, 0);
  ASSERT_TRUE(failure);
  EXPECT_EQ(parse_json(*failure), parse_json(read_fixture("create_image_sprite_complete.failed.event.json")))
      << *failure;
}

TEST_F(VodRendererTest, NoEventForUnfinishedOrForeignTasks) {
  tasks::TaskRecord r = finished_record(true);
  r.status = tasks::TaskStatus::kRunning;
  EXPECT_FALSE(renderer_.render_event(r, 0));
  r = finished_record(true);
  r.spec.type = "SampleSnapshot";
  EXPECT_FALSE(renderer_.render_event(r, 0));
}

TEST_F(VodRendererTest, Helpers) {
  EXPECT_EQ(v2_time(0), "");
  EXPECT_EQ(v2_time(1'510'745'333'000), "2017-11-15 11:28:53");
  tasks::TaskRecord r;
  EXPECT_EQ(task_definition(r), 0u);
  r.spec.extra = R"({"definition":30})";
  EXPECT_EQ(task_definition(r), 30u);
  settings_.public_base_url = "https://cdn.example.com/";
  EXPECT_EQ(renderer_.output_url("T", "a.jpg"), "https://cdn.example.com/outputs/T/a.jpg");
}

}  // namespace
}  // namespace tg::adapters::tencent_vod
