#include "adapters/zego/zego_request_parser.hpp"

#include <gtest/gtest.h>

#include "adapters/zego/zego_file_error.hpp"
#include "adapters/common/numbers.hpp"
#include "zego_fixtures.hpp"

namespace tg::adapters::zego {
namespace {

using testing::make_request;
using testing::Pairs;

Pairs tencent_offsets(std::vector<std::string> offsets, std::string definition = "10") {
  Pairs out{{"Action", "MediaThumbnails"},
            {"Vendor", "Tencent"},
            {"FileId", "1397757897438985100"},
            {"Type", "SnapshotByTimeOffset"},
            {"Definition", std::move(definition)}};
  for (auto& o : offsets) out.emplace_back("ExtTimeOffsetSet[]", std::move(o));
  return out;
}

Pairs huawei_sample(std::string interval) {
  return {{"Action", "MediaThumbnails"},
          {"Vendor", "Huawei"},
          {"FileId", "/record/a.mp4"},
          {"Type", "SampleSnapshot"},
          {"Interval", std::move(interval)}};
}

class ZegoRequestParserTest : public ::testing::Test {
 protected:
  ZegoSettings settings_ = testing::make_settings();
  ZegoApp app_ = testing::make_app();

  tg::Result<ThumbnailsRequest, ZegoError> parse(Pairs pairs) {
    return parse_thumbnails(make_request(std::move(pairs)), app_, settings_);
  }
  ZegoCode code_of(Pairs pairs) {
    auto result = parse(std::move(pairs));
    if (result) return ZegoCode::kSuccess;
    EXPECT_FALSE(result.error().message.empty());
    return result.error().code;
  }
};

Pairs without(Pairs pairs, const std::string& name) {
  std::erase_if(pairs, [&](const auto& p) { return p.first == name; });
  return pairs;
}

Pairs with(Pairs pairs, const std::string& name, const std::string& value) {
  pairs = without(std::move(pairs), name);
  pairs.emplace_back(name, value);
  return pairs;
}

TEST(ZegoNumbersTest, StrictParsing) {
  EXPECT_EQ(parse_uint32("0"), 0u);
  EXPECT_EQ(parse_uint32("4294967295"), 4294967295u);
  for (const char* bad : {"", "4294967296", "-1", "+1", " 1", "1 ", "0x10", "1e3", "nan", "12abc"}) {
    EXPECT_FALSE(parse_uint32(bad)) << bad;
  }
  EXPECT_EQ(parse_int64("-9223372036854775808"), INT64_MIN);
  EXPECT_EQ(parse_int64("9223372036854775807"), INT64_MAX);
  EXPECT_FALSE(parse_int64("9223372036854775808"));
  EXPECT_FALSE(parse_int64("-"));
  EXPECT_EQ(parse_decimal_milli("1.5", 10), 1500);
  EXPECT_EQ(parse_decimal_milli("0.001", 10), 1);
  EXPECT_EQ(parse_decimal_milli("10", 10), 10000);
  for (const char* bad : {"10.001", "11", "1.", ".5", "1.2345", "1e999", "nan", "inf", "-1", "", "12abc",
                          "1,5", "99999999999999999999999"}) {
    EXPECT_FALSE(parse_decimal_milli(bad, 10)) << bad;
  }
}

TEST(ZegoActionTest, KnownUnknownAndMissing) {
  EXPECT_EQ(parse_action(make_request({{"Action", "MediaThumbnails"}})).value(), ZegoAction::kMediaThumbnails);
  EXPECT_EQ(parse_action(make_request({{"Action", "DescribeMediaTask"}})).value(),
            ZegoAction::kDescribeMediaTask);
  auto unknown = parse_action(make_request({{"Action", "mediathumbnails"}}));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ZegoCode::kParam);
  EXPECT_NE(unknown.error().message.find("mediathumbnails"), std::string::npos);
  EXPECT_FALSE(parse_action(make_request({})));
}

TEST_F(ZegoRequestParserTest, TencentTimeOffsetsParse) {
  auto result = parse(tencent_offsets({"1", "2.5", "0"}));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->vendor, Vendor::kTencent);
  EXPECT_EQ(result->type, SnapshotType::kTimeOffset);
  EXPECT_EQ(result->file_id, "1397757897438985100");
  EXPECT_EQ(result->definition, 10u);
  EXPECT_EQ(result->offsets_ms, (std::vector<int64_t>{1000, 2500, 0}));
}

TEST_F(ZegoRequestParserTest, LiteralAndPercentEncodedArrayNamesBothWork) {
  for (const char* target :
       {"/?Vendor=Tencent&FileId=f&Type=SnapshotByTimeOffset&Definition=10&ExtTimeOffsetSet[]=1&ExtTimeOffsetSet[]=2",
        "/?Vendor=Tencent&FileId=f&Type=SnapshotByTimeOffset&Definition=10&ExtTimeOffsetSet%5B%5D=1&ExtTimeOffsetSet%5b%5d=2"}) {
    auto result = parse_thumbnails(testing::request_from_target(target), app_, settings_);
    ASSERT_TRUE(result) << target << ": " << result.error().message;
    EXPECT_EQ(result->offsets_ms, (std::vector<int64_t>{1000, 2000})) << target;
  }
}

TEST_F(ZegoRequestParserTest, DuplicateOffsetsCollapseInOrder) {
  auto result = parse(tencent_offsets({"3", "1", "3.000", "1"}));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->offsets_ms, (std::vector<int64_t>{3000, 1000}));
}

TEST_F(ZegoRequestParserTest, MissingRequiredParametersAreCode2) {
  for (const char* name : {"Vendor", "FileId", "Type", "Definition", "ExtTimeOffsetSet[]"}) {
    auto result = parse(without(tencent_offsets({"1"}), name));
    ASSERT_FALSE(result) << name;
    EXPECT_EQ(result.error().code, ZegoCode::kParam) << name;
    EXPECT_NE(result.error().message.find(name), std::string::npos) << result.error().message;
  }
  auto no_interval = parse(without(huawei_sample("2"), "Interval"));
  ASSERT_FALSE(no_interval);
  EXPECT_EQ(no_interval.error().code, ZegoCode::kParam);
  EXPECT_NE(no_interval.error().message.find("Interval"), std::string::npos);
}

TEST_F(ZegoRequestParserTest, UnknownVendorOrTypeIsCode2) {
  EXPECT_EQ(code_of(with(tencent_offsets({"1"}), "Vendor", "Aliyun")), ZegoCode::kParam);
  EXPECT_EQ(code_of(with(tencent_offsets({"1"}), "Vendor", "tencent")), ZegoCode::kParam);
  EXPECT_EQ(code_of(with(tencent_offsets({"1"}), "Type", "ImageSprite")), ZegoCode::kParam);
}

TEST_F(ZegoRequestParserTest, BadOffsetsAreCode2) {
  for (const char* bad : {"1e999", "nan", "-1", "", "12abc", "inf", "0x1", "1.2345", "99999999999"}) {
    auto result = parse(tencent_offsets({"1", bad}));
    ASSERT_FALSE(result) << bad;
    EXPECT_EQ(result.error().code, ZegoCode::kParam) << bad;
  }
}

TEST_F(ZegoRequestParserTest, AtMostOneHundredOffsets) {
  std::vector<std::string> offsets;
  for (int i = 0; i < 100; ++i) offsets.push_back(std::to_string(i));
  EXPECT_EQ(code_of(tencent_offsets(offsets)), ZegoCode::kSuccess);
  offsets.push_back("100");
  auto result = parse(tencent_offsets(offsets));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ZegoCode::kParam);
  EXPECT_NE(result.error().message.find("100"), std::string::npos);
}

TEST_F(ZegoRequestParserTest, MalformedDefinitionIsCode2AndUnknownIsCode5) {
  EXPECT_EQ(code_of(tencent_offsets({"1"}, "ten")), ZegoCode::kParam);
  EXPECT_EQ(code_of(tencent_offsets({"1"}, "-10")), ZegoCode::kParam);
  auto unknown = parse(tencent_offsets({"1"}, "30"));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ZegoCode::kConfig);
  EXPECT_NE(unknown.error().message.find("30"), std::string::npos);
  // Template 20 exists for time points only, not for sampling.
  EXPECT_EQ(code_of(tencent_offsets({"1"}, "20")), ZegoCode::kSuccess);
  auto sample = with(without(tencent_offsets({}), "ExtTimeOffsetSet[]"), "Type", "SampleSnapshot");
  EXPECT_EQ(code_of(with(sample, "Definition", "10")), ZegoCode::kSuccess);
  EXPECT_EQ(code_of(with(sample, "Definition", "20")), ZegoCode::kConfig);
}

TEST_F(ZegoRequestParserTest, DisabledAppIsCode3) {
  app_.enabled = false;
  EXPECT_EQ(code_of(tencent_offsets({"1"})), ZegoCode::kNotEnabled);
}

TEST_F(ZegoRequestParserTest, VendorNotEnabledIsCode4) {
  app_.vendors = {Vendor::kHuawei};
  EXPECT_EQ(code_of(tencent_offsets({"1"})), ZegoCode::kVendorNotEnabled);
  EXPECT_EQ(code_of(huawei_sample("2")), ZegoCode::kSuccess);
}

TEST_F(ZegoRequestParserTest, HuaweiIntervalRules) {
  auto ok = parse(huawei_sample("2"));
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->interval_ms, 2000);
  EXPECT_EQ(ok->vendor, Vendor::kHuawei);
  EXPECT_FALSE(ok->definition);
  for (const char* bad : {"0", "-2", "1.5", "abc", "", "1e3", "86401"}) {
    EXPECT_EQ(code_of(huawei_sample(bad)), ZegoCode::kParam) << bad;
  }
}

TEST_F(ZegoRequestParserTest, IgnoredParametersAreIgnored) {
  // Definition means nothing to Huawei, Interval nothing to Tencent (the ZEGO doc says "invalid").
  EXPECT_EQ(code_of(with(huawei_sample("2"), "Definition", "not-a-number")), ZegoCode::kSuccess);
  EXPECT_EQ(code_of(with(tencent_offsets({"1"}), "Interval", "-5")), ZegoCode::kSuccess);
}

TEST_F(ZegoRequestParserTest, HuaweiOffsetsMustBeWholeSeconds) {
  Pairs pairs{{"Vendor", "Huawei"}, {"FileId", "/a.mp4"}, {"Type", "SnapshotByTimeOffset"},
              {"ExtTimeOffsetSet[]", "4"}, {"ExtTimeOffsetSet[]", "1.5"}};
  EXPECT_EQ(code_of(pairs), ZegoCode::kParam);
  pairs.back().second = "1";
  auto result = parse(pairs);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->offsets_ms, (std::vector<int64_t>{4000, 1000}));
}

TEST_F(ZegoRequestParserTest, MalformedFileIdIsCode2) {
  EXPECT_EQ(code_of(with(tencent_offsets({"1"}), "FileId", std::string("a\nb"))), ZegoCode::kParam);
  EXPECT_EQ(code_of(with(tencent_offsets({"1"}), "FileId", std::string(1025, 'a'))), ZegoCode::kParam);
}

TEST(ZegoDescribeParserTest, Validation) {
  auto ok = parse_describe(make_request({{"TaskId", "12345-procedurev2-abc"}, {"Vendor", "Tencent"}}));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->task_id, "12345-procedurev2-abc");
  EXPECT_EQ(ok->vendor, Vendor::kTencent);
  EXPECT_EQ(parse_describe(make_request({{"Vendor", "Huawei"}})).error().code, ZegoCode::kParam);
  EXPECT_EQ(parse_describe(make_request({{"TaskId", "abc"}})).error().code, ZegoCode::kParam);
  EXPECT_EQ(parse_describe(make_request({{"TaskId", "abc"}, {"Vendor", "Other"}})).error().code,
            ZegoCode::kParam);
  EXPECT_EQ(parse_describe(make_request({{"TaskId", "../etc"}, {"Vendor", "Huawei"}})).error().code,
            ZegoCode::kParam);
}

TEST_F(ZegoRequestParserTest, TencentTimeOffsetJob) {
  auto request = parse(tencent_offsets({"1", "2.5"}, "20"));
  ASSERT_TRUE(request);
  const tasks::TaskSpec spec = build_task_spec(*request, app_, "/media/a.mp4", "req-1");
  EXPECT_EQ(spec.app_id, "12345");
  EXPECT_EQ(spec.api, "zego");
  EXPECT_EQ(spec.vendor, "tencent");
  EXPECT_EQ(spec.type, "SnapshotByTimeOffset");
  EXPECT_EQ(spec.source_id, "1397757897438985100");
  EXPECT_EQ(spec.input, "/media/a.mp4");
  EXPECT_EQ(spec.callback_url, app_.callback_url);
  ASSERT_TRUE(spec.job.is<tasks::SnapshotJob>());
  ASSERT_EQ(spec.job.as<tasks::SnapshotJob>().times.size(), 2u);
  EXPECT_EQ(spec.job.as<tasks::SnapshotJob>().times[0].offset_ms, 1000);
  EXPECT_EQ(spec.job.as<tasks::SnapshotJob>().times[1].offset_ms, 2500);
  EXPECT_FALSE(spec.job.as<tasks::SnapshotJob>().times[1].is_percent);
  EXPECT_EQ(spec.job.as<tasks::SnapshotJob>().image.width, 500);
  EXPECT_EQ(spec.job.as<tasks::SnapshotJob>().image.height, 281);
  EXPECT_EQ(spec.job.as<tasks::SnapshotJob>().image.fit, engine::Fit::kStretch);
  EXPECT_EQ(spec.job.name_pattern, "timeOffsetSnapshot_20_{ms}.jpg");
  const TaskExtra extra = decode_task_extra(spec.extra);
  EXPECT_EQ(extra.definition, 20u);
  EXPECT_EQ(extra.request_id, "req-1");
}

TEST_F(ZegoRequestParserTest, TencentSampleJobFollowsTheTemplate) {
  settings_.sample_templates[30] = SampleTemplate{false, 5, engine::ImageFormat::kPng, 320, 0};
  auto pairs = with(without(tencent_offsets({}), "ExtTimeOffsetSet[]"), "Type", "SampleSnapshot");
  auto builtin = parse(pairs);
  ASSERT_TRUE(builtin);
  tasks::TaskSpec spec = build_task_spec(*builtin, app_, "/m.mp4", "r");
  ASSERT_TRUE(spec.job.is<tasks::SampleJob>());
  EXPECT_TRUE(spec.job.as<tasks::SampleJob>().request.percent);
  EXPECT_DOUBLE_EQ(spec.job.as<tasks::SampleJob>().request.interval, 10);
  EXPECT_EQ(spec.job.as<tasks::SampleJob>().request.image.width, 0);
  EXPECT_EQ(spec.job.name_pattern, "sampleSnapshot_10_{n}.jpg");

  auto custom = parse(with(pairs, "Definition", "30"));
  ASSERT_TRUE(custom);
  spec = build_task_spec(*custom, app_, "/m.mp4", "r");
  EXPECT_FALSE(spec.job.as<tasks::SampleJob>().request.percent);
  EXPECT_DOUBLE_EQ(spec.job.as<tasks::SampleJob>().request.interval, 5);
  EXPECT_EQ(spec.job.as<tasks::SampleJob>().request.image.width, 320);
  EXPECT_EQ(spec.job.as<tasks::SampleJob>().request.image.format, engine::ImageFormat::kPng);
  EXPECT_EQ(spec.job.name_pattern, "sampleSnapshot_30_{n}.png");
  EXPECT_EQ(spec.type, "SampleSnapshot");
}

TEST_F(ZegoRequestParserTest, HuaweiJobsUseDefaultsAndSecondNames) {
  settings_.huawei.max_length = 640;
  auto sample = parse(huawei_sample("3"));
  ASSERT_TRUE(sample);
  tasks::TaskSpec spec = build_task_spec(*sample, app_, "/media/record/a.mp4", "r");
  EXPECT_EQ(spec.vendor, "huawei");
  ASSERT_TRUE(spec.job.is<tasks::SampleJob>());
  EXPECT_DOUBLE_EQ(spec.job.as<tasks::SampleJob>().request.interval, 3);
  EXPECT_FALSE(spec.job.as<tasks::SampleJob>().request.percent);
  EXPECT_EQ(spec.job.as<tasks::SampleJob>().request.image.max_length, 640);
  EXPECT_EQ(spec.job.name_pattern, "{s}.jpg");

  auto points = parse({{"Vendor", "Huawei"}, {"FileId", "/a.mp4"}, {"Type", "SnapshotByTimeOffset"},
                       {"ExtTimeOffsetSet[]", "7"}});
  ASSERT_TRUE(points);
  spec = build_task_spec(*points, app_, "/a.mp4", "r");
  ASSERT_TRUE(spec.job.is<tasks::SnapshotJob>());
  ASSERT_EQ(spec.job.as<tasks::SnapshotJob>().times.size(), 1u);
  EXPECT_EQ(spec.job.as<tasks::SnapshotJob>().times[0].offset_ms, 7000);
  EXPECT_EQ(spec.job.as<tasks::SnapshotJob>().image.max_length, 640);
  EXPECT_EQ(spec.job.name_pattern, "{s}.jpg");
}

TEST_F(ZegoRequestParserTest, JobSurvivesTheTaskStoreEncoding) {
  auto request = parse(tencent_offsets({"1", "2"}));
  ASSERT_TRUE(request);
  const tasks::TaskSpec spec = build_task_spec(*request, app_, "/a.mp4", "r");
  auto decoded = tasks::decode_job(tasks::encode_job(spec.job));
  ASSERT_TRUE(decoded) << decoded.error();
  EXPECT_EQ(decoded->name_pattern, spec.job.name_pattern);
  EXPECT_EQ(decoded->as<tasks::SnapshotJob>().times.size(), 2u);
}

TEST(ZegoFileErrorTest, ResolveErrorsMapToZegoCodes) {
  const ZegoError invalid = file_error(tasks::ResolveError::kInvalid, "../x.mp4");
  EXPECT_EQ(invalid.code, ZegoCode::kParam);
  EXPECT_NE(invalid.message.find("../x.mp4"), std::string::npos);
  EXPECT_EQ(file_error(tasks::ResolveError::kNotFound, "a.mp4").code, ZegoCode::kFileNotFound);
  EXPECT_EQ(file_error(tasks::ResolveError::kStore, "a.mp4").code, ZegoCode::kFailed);
}

TEST(ZegoTaskIdTest, IdsAreTheTimeThen80RandomBits) {
  const ZegoApp app = testing::make_app();
  constexpr int64_t kNow = 0x0123456789abLL;
  const std::string tencent = new_task_id(Vendor::kTencent, app, kNow);
  EXPECT_EQ(tencent.rfind("12345-procedurev2-0123456789ab", 0), 0u);
  EXPECT_EQ(tencent.size(), std::string("12345-procedurev2-").size() + 32);
  const std::string huawei = new_task_id(Vendor::kHuawei, app, kNow);
  EXPECT_EQ(huawei.size(), 32u);
  EXPECT_EQ(huawei.rfind("0123456789ab", 0), 0u);
  EXPECT_NE(huawei, new_task_id(Vendor::kHuawei, app, kNow));
  EXPECT_LT(huawei, new_task_id(Vendor::kHuawei, app, kNow + 1));
}

}  // namespace
}  // namespace tg::adapters::zego
