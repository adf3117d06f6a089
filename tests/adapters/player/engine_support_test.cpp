#include "adapters/player/engine_support.hpp"

#include <gtest/gtest.h>

namespace tg::adapters::player {
namespace {

TEST(EngineSupport, StillFormatsAreTheEnginesEncoders) {
  EXPECT_EQ(engine_image_format(Format::kJpeg), engine::ImageFormat::kJpeg);
  EXPECT_EQ(engine_image_format(Format::kPng), engine::ImageFormat::kPng);
  EXPECT_EQ(engine_image_format(Format::kWebp), engine::ImageFormat::kWebp);
  EXPECT_EQ(engine_image_format(Format::kAvif), engine::ImageFormat::kAvif);
  for (Format other : {Format::kGif, Format::kVtt, Format::kJson, Format::kM3u8, Format::kAuto}) {
    EXPECT_FALSE(engine_image_format(other));
  }
}

TEST(EngineSupport, ThumbnailOptionsCarryFitTurnAndFlips) {
  ThumbnailParams p;
  p.width = 120;
  p.height = 80;
  p.quality = 60;
  const std::pair<FitMode, engine::Fit> fits[] = {{FitMode::kPreserve, engine::Fit::kPreserve},
                                                  {FitMode::kStretch, engine::Fit::kStretch},
                                                  {FitMode::kCrop, engine::Fit::kCrop},
                                                  {FitMode::kPad, engine::Fit::kPad}};
  for (const auto& [mode, fit] : fits) {
    p.fit_mode = mode;
    EXPECT_EQ(thumbnail_options(p, engine::ImageFormat::kWebp).fit, fit);
  }
  p.rotate = 270;
  p.flip_h = true;
  const engine::ImageOptions o = thumbnail_options(p, engine::ImageFormat::kAvif);
  EXPECT_EQ(o.width, 120);
  EXPECT_EQ(o.height, 80);
  EXPECT_EQ(o.quality, 60);
  EXPECT_EQ(o.format, engine::ImageFormat::kAvif);
  EXPECT_EQ(o.turn_degrees, 270);
  EXPECT_TRUE(o.flip_h);
  EXPECT_FALSE(o.flip_v);
  EXPECT_EQ(o.rotate, engine::Rotate::kAuto);
}

TEST(EngineSupport, AnimatedRequestsCarrySpanSizeRateAndFormat) {
  AnimatedParams a;
  a.start_ms = 1500;
  a.end_ms = 4250;
  a.width = 200;
  a.fps = 12;
  const engine::AnimatedRequest gif = animated_request(a, Format::kGif);
  EXPECT_DOUBLE_EQ(gif.start_s, 1.5);
  EXPECT_DOUBLE_EQ(gif.end_s, 4.25);
  EXPECT_EQ(gif.width, 200);
  EXPECT_EQ(gif.height, 0);
  EXPECT_DOUBLE_EQ(gif.fps, 12);
  EXPECT_EQ(gif.format, engine::AnimatedFormat::kGif);
  EXPECT_EQ(animated_request(a, Format::kWebp).format, engine::AnimatedFormat::kWebp);
}

TEST(EngineSupport, EngineErrorsNeverCarryTheirDetail) {
  engine::Error e{engine::Errc::kCorrupt, "the input is damaged", "/srv/media/secret.mp4: moov atom not found"};
  PlayerError p = player_error_for_engine(e);
  EXPECT_EQ(p.http_status, 400);
  EXPECT_EQ(p.parameter, "media");
  EXPECT_EQ(p.message.find("/srv"), std::string::npos);
  EXPECT_EQ(player_error_for_engine({engine::Errc::kUnavailable, "x", ""}).http_status, 503);
  EXPECT_EQ(player_error_for_engine({engine::Errc::kNotFound, "x", "/srv/a"}).http_status, 404);
}

}  // namespace
}  // namespace tg::adapters::player
