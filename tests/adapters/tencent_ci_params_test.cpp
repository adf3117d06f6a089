// Strict parsing of GetSnapshot parameters.

#include <gtest/gtest.h>

#include "adapters/tencent_ci/snapshot_params.hpp"

namespace tg::adapters::tencent_ci {
namespace {

ApiRequest query(std::vector<std::pair<std::string, std::string>> q) {
  ApiRequest r;
  r.method = "GET";
  r.query = std::move(q);
  return r;
}

TEST(TencentCiParamsTest, DefaultsFollowTheDocument) {
  auto p = parse_snapshot_params(query({{"ci-process", "snapshot"}, {"time", "1.5"}}));
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_DOUBLE_EQ(p->time_s, 1.5);
  EXPECT_EQ(p->width, 0);
  EXPECT_EQ(p->height, 0);
  EXPECT_EQ(p->format, engine::ImageFormat::kJpeg);
  EXPECT_EQ(p->rotate, engine::Rotate::kAuto);
  EXPECT_EQ(p->mode, engine::SeekMode::kExact);
}

TEST(TencentCiParamsTest, EveryParameterIsRead) {
  auto p = parse_snapshot_params(query({{"time", "0"}, {"width", "640"}, {"height", "0"}, {"format", "png"},
                                        {"rotate", "off"}, {"mode", "keyframe"}}));
  ASSERT_TRUE(p) << p.error().message;
  EXPECT_EQ(p->width, 640);
  EXPECT_EQ(p->format, engine::ImageFormat::kPng);
  EXPECT_EQ(p->rotate, engine::Rotate::kOff);
  EXPECT_EQ(p->mode, engine::SeekMode::kKeyframe);
  EXPECT_EQ(p->cache_text(), "t=0.000000;w=640;h=0;f=png;r=off;m=keyframe");
}

TEST(TencentCiParamsTest, DecimalSecondsAreStrict) {
  for (const char* good : {"0", "1", "1.5", ".5", "2.", "000.250"}) {
    EXPECT_TRUE(parse_decimal_seconds(good)) << good;
  }
  for (const char* bad : {"", "abc", "-1", "+1", "1e3", "1e999", "inf", "nan", "0x1", " 1", "1 ", "1.2.3", "."}) {
    EXPECT_FALSE(parse_decimal_seconds(bad)) << bad;
  }
}

TEST(TencentCiParamsTest, IntegersAreStrict) {
  EXPECT_EQ(*parse_decimal_int("0"), 0);
  EXPECT_EQ(*parse_decimal_int("8192"), 8192);
  for (const char* bad : {"", "-5", "+5", "1.0", "1e3", "0x10", "1234567890", " 1"}) {
    EXPECT_FALSE(parse_decimal_int(bad)) << bad;
  }
}

TEST(TencentCiParamsTest, BadValuesAreInvalidArgumentsNamingTheParameter) {
  struct Case {
    std::vector<std::pair<std::string, std::string>> q;
    const char* names;
  };
  for (const Case& c : std::vector<Case>{{{}, "time"},
                                         {{{"time", "abc"}}, "time"},
                                         {{{"time", "864001"}}, "time"},
                                         {{{"time", "1"}, {"time", "1"}}, "time"},
                                         {{{"time", "1"}, {"width", "-5"}}, "width"},
                                         {{{"time", "1"}, {"width", "8193"}}, "width"},
                                         {{{"time", "1"}, {"height", "99999"}}, "height"},
                                         {{{"time", "1"}, {"height", ""}}, "height"},
                                         {{{"time", "1"}, {"format", "gif"}}, "format"},
                                         {{{"time", "1"}, {"format", "jpeg"}}, "format"},
                                         {{{"time", "1"}, {"rotate", "x"}}, "rotate"},
                                         {{{"time", "1"}, {"mode", "x"}}, "mode"},
                                         {{{"time", "1"}, {"mode", "Keyframe"}}, "mode"}}) {
    auto p = parse_snapshot_params(query(c.q));
    ASSERT_FALSE(p) << c.names;
    EXPECT_EQ(p.error().code, CosErrorCode::kInvalidArgument);
    EXPECT_NE(p.error().message.find(c.names), std::string::npos) << p.error().message;
  }
}

TEST(TencentCiParamsTest, CiProcessAndContentType) {
  EXPECT_EQ(ci_process_of(query({{"ci-process", "snapshot"}})), "snapshot");
  EXPECT_EQ(ci_process_of(query({})), "");
  EXPECT_STREQ(image_content_type(engine::ImageFormat::kJpeg), "image/jpeg");
  EXPECT_STREQ(image_content_type(engine::ImageFormat::kPng), "image/png");
}

}  // namespace
}  // namespace tg::adapters::tencent_ci
