#include "adapters/player/engine_support.hpp"

#include <gtest/gtest.h>

namespace tg::adapters::player {
namespace {

PlayerRequest thumbnail(Format format, ThumbnailParams params = {}) {
  return PlayerRequest{"m", Kind::kThumbnail, format, params};
}

TEST(EngineSupport, JpegAndPngThumbnailsAreMade) {
  EXPECT_FALSE(engine_gap(thumbnail(Format::kJpeg)));
  EXPECT_FALSE(engine_gap(thumbnail(Format::kPng)));
  ThumbnailParams one_side;
  one_side.width = 100;
  EXPECT_FALSE(engine_gap(thumbnail(Format::kJpeg, one_side)));
  ThumbnailParams boxed;
  boxed.width = 100;
  boxed.height = 50;
  boxed.fit_mode = FitMode::kPad;
  EXPECT_FALSE(engine_gap(thumbnail(Format::kJpeg, boxed)));
  boxed.fit_mode = FitMode::kStretch;
  EXPECT_FALSE(engine_gap(thumbnail(Format::kPng, boxed)));
}

TEST(EngineSupport, WhatIsNotMadeYetNamesItsParameter) {
  auto gap_of = [](const PlayerRequest& r) { return engine_gap(r).value_or(PlayerError{}); };
  EXPECT_EQ(gap_of(thumbnail(Format::kWebp)).parameter, "extension");
  EXPECT_EQ(gap_of(thumbnail(Format::kWebp)).http_status, 501);
  EXPECT_EQ(gap_of(thumbnail(Format::kAvif)).parameter, "extension");
  ThumbnailParams p;
  p.width = 10;
  p.height = 10;
  EXPECT_EQ(gap_of(thumbnail(Format::kJpeg, p)).parameter, "fit_mode");  // preserve in a box
  p.fit_mode = FitMode::kCrop;
  EXPECT_EQ(gap_of(thumbnail(Format::kJpeg, p)).parameter, "fit_mode");
  ThumbnailParams rotated;
  rotated.rotate = 270;
  EXPECT_EQ(gap_of(thumbnail(Format::kJpeg, rotated)).parameter, "rotate");
  ThumbnailParams flipped;
  flipped.flip_v = true;
  EXPECT_EQ(gap_of(thumbnail(Format::kJpeg, flipped)).parameter, "flip_v");
  EXPECT_EQ(gap_of(PlayerRequest{"m", Kind::kAnimated, Format::kGif, AnimatedParams{}}).parameter, "extension");
  StoryboardParams webp_sheet;
  webp_sheet.sheet_format = Format::kWebp;
  EXPECT_EQ(gap_of(PlayerRequest{"m", Kind::kStoryboard, Format::kWebp, webp_sheet}).parameter, "extension");
  EXPECT_EQ(gap_of(PlayerRequest{"m", Kind::kStoryboard, Format::kVtt, webp_sheet}).parameter, "format");
  EXPECT_FALSE(engine_gap(PlayerRequest{"m", Kind::kStoryboard, Format::kM3u8, StoryboardParams{}}));
}

TEST(EngineSupport, AutoFallsBackToJpegUntilTheEngineEncodesTheBetterFormats) {
  EXPECT_EQ(served_auto_format("image/avif,image/webp"), Format::kJpeg);
  EXPECT_EQ(served_auto_format("image/webp"), Format::kJpeg);
  EXPECT_EQ(served_auto_format(""), Format::kJpeg);
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
