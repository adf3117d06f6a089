// VOD v2 action parameters -> submissions and the task specs they queue.

#include <gtest/gtest.h>

#include "adapters/tencent_vod/vod_request_parser.hpp"
#include "adapters/tencent_vod_fixtures.hpp"

namespace tg::adapters::tencent_vod {
namespace {

using namespace testing;

class VodRequestParserTest : public ::testing::Test {
 protected:
  VodSettings settings_ = make_settings();
  VodSecret secret_{kSecretId, kSecretKey, 100};
};

TEST_F(VodRequestParserTest, Actions) {
  EXPECT_EQ(parse_action({{"Action", "CreateImageSprite"}}).value(), VodAction::kCreateImageSprite);
  EXPECT_EQ(parse_action({{"Action", "CreateSnapshotByTimeOffset"}}).value(), VodAction::kCreateSnapshotByTimeOffset);
  EXPECT_EQ(parse_action({{"Action", "GetTaskInfo"}}).value(), VodAction::kGetTaskInfo);
  EXPECT_EQ(parse_action({{"Action", "createimagesprite"}}).error().code, vod_code::kInvalidRequest);
  EXPECT_EQ(parse_action({}).error().code, vod_code::kInvalidRequest);
}

TEST_F(VodRequestParserTest, SpriteSubmissionBecomesASpriteJob) {
  auto parsed = parse_create_image_sprite({{"fileId", "14508071098244929440"}, {"definition", "20"}}, settings_);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->definition, 20u);
  tasks::TaskSpec spec = build_sprite_spec(*parsed, secret_, "/media/a.mp4", settings_);
  EXPECT_EQ(spec.api, "tencent_vod");
  EXPECT_EQ(spec.app_id, kSecretId);
  EXPECT_EQ(spec.type, "CreateImageSprite");
  EXPECT_EQ(spec.source_id, "14508071098244929440");
  EXPECT_EQ(spec.input, "/media/a.mp4");
  EXPECT_EQ(spec.callback_url, settings_.event_url);
  EXPECT_EQ(spec.extra, R"({"definition":20})");
  const tasks::Job& job = spec.job;
  EXPECT_TRUE(job.is<tasks::SpriteJob>());
  EXPECT_EQ(job.as<tasks::SpriteJob>().request.cell_width, 64);
  EXPECT_EQ(job.as<tasks::SpriteJob>().request.cell_height, 48);
  EXPECT_EQ(job.as<tasks::SpriteJob>().request.columns, 2);
  EXPECT_EQ(job.as<tasks::SpriteJob>().request.rows, 3);
  EXPECT_EQ(job.as<tasks::SpriteJob>().request.color, 0x102030u);
  EXPECT_EQ(job.as<tasks::SpriteJob>().request.format, engine::ImageFormat::kPng);
  EXPECT_DOUBLE_EQ(job.as<tasks::SpriteJob>().request.sampling.interval, 2.5);
  EXPECT_FALSE(job.as<tasks::SpriteJob>().request.sampling.percent);
  EXPECT_EQ(job.name_pattern, "imageSprite_20_{n}.png");
  EXPECT_EQ(job.as<tasks::SpriteJob>().vtt_name, "imageSprite_20.vtt");
}

TEST_F(VodRequestParserTest, PresetTenIsTheV2Spec) {
  auto parsed = parse_create_image_sprite({{"fileId", "f"}, {"definition", "10"}}, settings_);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->sprite.cell_width, 142);
  EXPECT_EQ(parsed->sprite.cell_height, 80);
  EXPECT_EQ(parsed->sprite.columns, 10);
  EXPECT_EQ(parsed->sprite.rows, 10);
  EXPECT_DOUBLE_EQ(parsed->sprite.interval_s, 10);
  EXPECT_EQ(parsed->sprite.color, 0u);
  EXPECT_EQ(parsed->sprite.format, engine::ImageFormat::kJpeg);
}

TEST_F(VodRequestParserTest, SpriteParameterErrors) {
  auto code_of = [&](signing::Params p) {
    auto r = parse_create_image_sprite(p, settings_);
    return r ? 0 : r.error().code;
  };
  EXPECT_EQ(code_of({{"definition", "10"}}), 1000);
  EXPECT_EQ(code_of({{"fileId", ""}, {"definition", "10"}}), 1000);
  EXPECT_EQ(code_of({{"fileId", "a\nb"}, {"definition", "10"}}), 1000);
  EXPECT_EQ(code_of({{"fileId", std::string(1025, 'a')}, {"definition", "10"}}), 1000);
  EXPECT_EQ(code_of({{"fileId", "f"}}), 1000);
  EXPECT_EQ(code_of({{"fileId", "f"}, {"definition", "+10"}}), 1000);
  EXPECT_EQ(code_of({{"fileId", "f"}, {"definition", "4294967296"}}), 1000);
  EXPECT_EQ(code_of({{"fileId", "f"}, {"definition", "30"}}), 1000);
}

TEST_F(VodRequestParserTest, TimeOffsetsInIndexOrderWithoutRepeats) {
  auto parsed = parse_create_snapshot({{"fileId", "f"},
                                       {"definition", "20"},
                                       {"timeOffset.2", "5000"},
                                       {"timeOffset.0", "1000"},
                                       {"timeOffset.10", "1000"},
                                       {"timeOffset.1", "0"}},
                                      settings_);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->offsets_ms, (std::vector<int64_t>{1000, 0, 5000}));
  EXPECT_EQ(parsed->snapshot.width, 500);
  EXPECT_EQ(parsed->snapshot.height, 281);
  tasks::TaskSpec spec = build_snapshot_spec(*parsed, secret_, "/media/a.mp4", settings_);
  EXPECT_EQ(spec.type, "CreateSnapshotByTimeOffset");
  EXPECT_TRUE(spec.job.is<tasks::SnapshotJob>());
  ASSERT_EQ(spec.job.as<tasks::SnapshotJob>().times.size(), 3u);
  EXPECT_EQ(spec.job.as<tasks::SnapshotJob>().times[0].offset_ms, 1000);
  EXPECT_EQ(spec.job.as<tasks::SnapshotJob>().times[1].offset_ms, 0);
  EXPECT_EQ(spec.job.as<tasks::SnapshotJob>().times[2].offset_ms, 5000);
  EXPECT_FALSE(spec.job.as<tasks::SnapshotJob>().times[0].is_percent);
  EXPECT_EQ(spec.job.as<tasks::SnapshotJob>().image.width, 500);
  EXPECT_EQ(spec.job.as<tasks::SnapshotJob>().image.height, 281);
  EXPECT_EQ(spec.job.name_pattern, "timeOffsetSnapshot_20_{ms}.jpg");
}

TEST_F(VodRequestParserTest, TimeOffsetErrors) {
  auto message_of = [&](signing::Params extra) {
    signing::Params p{{"fileId", "f"}, {"definition", "10"}};
    p.insert(p.end(), extra.begin(), extra.end());
    auto r = parse_create_snapshot(p, settings_);
    EXPECT_FALSE(r);
    if (r) return std::string();
    EXPECT_EQ(r.error().code, 1000);
    return r.error().message;
  };
  EXPECT_NE(message_of({}).find("timeOffset.0 is missing"), std::string::npos);
  EXPECT_NE(message_of({{"timeOffset.0", "abc"}}).find("timeOffset.0"), std::string::npos);
  EXPECT_NE(message_of({{"timeOffset.0", "-1"}}).find("timeOffset.0"), std::string::npos);
  EXPECT_NE(message_of({{"timeOffset.0", "10000000001"}}).find("timeOffset.0"), std::string::npos);
  EXPECT_NE(message_of({{"timeOffset.0", "2.5"}}).find("timeOffset.0"), std::string::npos);
  EXPECT_NE(message_of({{"timeOffset.a", "1"}}).find("timeOffset.a"), std::string::npos);
  EXPECT_NE(message_of({{"timeOffset.", "1"}}).find("timeOffset."), std::string::npos);
  signing::Params many;
  for (int i = 0; i <= 100; ++i) many.emplace_back("timeOffset." + std::to_string(i), std::to_string(i));
  EXPECT_NE(message_of(many).find("at most 100"), std::string::npos);
  // The largest allowed offset passes.
  EXPECT_TRUE(
      parse_create_snapshot({{"fileId", "f"}, {"definition", "10"}, {"timeOffset.0", "10000000000"}}, settings_));
}

TEST_F(VodRequestParserTest, TaskIds) {
  EXPECT_EQ(parse_get_task_info({{"vodTaskId", "CreateImageSprite-1edb7e"}}).value(), "CreateImageSprite-1edb7e");
  EXPECT_EQ(parse_get_task_info({}).error().code, 1000);
  EXPECT_EQ(parse_get_task_info({{"vodTaskId", "a/b"}}).error().code, 1000);
  EXPECT_EQ(parse_get_task_info({{"vodTaskId", std::string(129, 'a')}}).error().code, 1000);
  const std::string id = new_task_id(VodAction::kCreateImageSprite, 0x0123456789abLL);
  EXPECT_EQ(id.rfind("CreateImageSprite-0123456789ab", 0), 0u);
  EXPECT_EQ(id.size(), std::string("CreateImageSprite-").size() + 32);
  EXPECT_NE(id, new_task_id(VodAction::kCreateImageSprite, 0x0123456789abLL));
  EXPECT_LT(id, new_task_id(VodAction::kCreateImageSprite, 0x0123456789acLL));
}

}  // namespace
}  // namespace tg::adapters::tencent_vod
