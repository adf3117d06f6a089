// WebP and AVIF stills from every engine entry point (snapshot, sample, sprite), decoded back; quality
// mapping and limits.

#include <gtest/gtest.h>

#include "engine/avif_encoder.hpp"
#include "engine/engine.hpp"
#include "support/image_readers.hpp"
#include "support/clips.hpp"

namespace tg::engine {
namespace {

using tg::testing::ClipKind;
using tg::testing::clip_path;
using testing::decode_rgb;

SnapshotRequest one_time(double t, ImageFormat format, int width, int quality = 80) {
  SnapshotRequest r;
  r.times.push_back(TimePoint{t, false});
  r.image.format = format;
  r.image.width = width;
  r.image.quality = quality;
  return r;
}

Image snap_one(ClipKind kind, const SnapshotRequest& r) {
  auto result = snapshot(Source{clip_path(kind)}, r);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message + " / " + result.error().detail);
  return result.ok() && !result->empty() ? std::move(result->front()) : Image{};
}

TEST(StillFormats, WebpSnapshotDecodesAtTheRequestedSize) {
  Image im = snap_one(ClipKind::kH264Short, one_time(1.0, ImageFormat::kWebp, 160));
  EXPECT_TRUE(testing::is_webp(im.data));
  EXPECT_EQ(im.format, ImageFormat::kWebp);
  auto pic = decode_rgb(im.data);
  EXPECT_EQ(pic.width, 160);
  EXPECT_EQ(pic.height, 120);
}

TEST(StillFormats, AvifSnapshotDecodesWithLibavif) {
  Image im = snap_one(ClipKind::kH264Short, one_time(1.0, ImageFormat::kAvif, 200));
  EXPECT_TRUE(testing::is_avif(im.data));
  auto pic = decode_rgb(im.data);
  EXPECT_EQ(pic.width, 200);
  EXPECT_EQ(pic.height, 150);
}

TEST(StillFormats, ColoursSurviveEachFormat) {
  // The red quadrant stays red and the rest blue whatever the format.
  for (ImageFormat f : {ImageFormat::kJpeg, ImageFormat::kPng, ImageFormat::kWebp, ImageFormat::kAvif}) {
    Image im = snap_one(ClipKind::kRedQuadrant, one_time(1.0, f, 320, 90));
    auto pic = decode_rgb(im.data);
    ASSERT_EQ(pic.width, 320) << static_cast<int>(f);
    auto red = pic.mean(20, 20, 100, 80);
    auto blue = pic.mean(200, 140, 100, 80);
    EXPECT_GT(red[0], 200) << static_cast<int>(f);
    EXPECT_LT(red[2], 60) << static_cast<int>(f);
    EXPECT_GT(blue[2], 200) << static_cast<int>(f);
    EXPECT_LT(blue[0], 60) << static_cast<int>(f);
  }
}

TEST(StillFormats, LowerQualityMakesSmallerFiles) {
  for (ImageFormat f : {ImageFormat::kWebp, ImageFormat::kAvif}) {
    Image low = snap_one(ClipKind::kH264Short, one_time(2.0, f, 320, 10));
    Image high = snap_one(ClipKind::kH264Short, one_time(2.0, f, 320, 95));
    ASSERT_FALSE(low.data.empty());
    EXPECT_LT(low.data.size(), high.data.size()) << static_cast<int>(f);
  }
}

TEST(StillFormats, AvifQuantizerFollowsQuality) {
  EXPECT_EQ(avif_quantizer_for_quality(100), 0);
  EXPECT_EQ(avif_quantizer_for_quality(1), 62);
  EXPECT_EQ(avif_quantizer_for_quality(50), 32);
  EXPECT_LT(avif_quantizer_for_quality(80), avif_quantizer_for_quality(60));
}

TEST(StillFormats, QualityOutsideRangeIsRefused) {
  for (ImageFormat f : {ImageFormat::kWebp, ImageFormat::kAvif}) {
    for (int q : {0, 101, -5}) {
      auto r = snapshot(Source{clip_path(ClipKind::kH264Short)}, one_time(1.0, f, 160, q));
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
    }
  }
}

TEST(StillFormats, SampleInWebp) {
  SampleRequest r;
  r.interval = 2;
  r.image.format = ImageFormat::kWebp;
  r.image.width = 96;
  int count = 0;
  auto made = sample(Source{clip_path(ClipKind::kH264Short)}, r, [&](Image&& im) {
    auto pic = decode_rgb(im.data);
    EXPECT_EQ(pic.width, 96);
    EXPECT_EQ(pic.height, 72);
    ++count;
    return true;
  });
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(*made, 3);
  EXPECT_EQ(count, 3);
}

TEST(StillFormats, SpritePagesInWebpAndAvif) {
  for (ImageFormat f : {ImageFormat::kWebp, ImageFormat::kAvif}) {
    SpriteRequest r;
    r.sampling.interval = 1;
    r.columns = 3;
    r.rows = 2;
    r.cell_width = 64;
    r.cell_height = 48;
    r.format = f;
    r.quality = 70;
    auto result = sprite(Source{clip_path(ClipKind::kH264Short)}, r);
    ASSERT_TRUE(result.ok()) << result.error().message;
    ASSERT_EQ(result->pages.size(), 1u);
    auto pic = decode_rgb(result->pages[0].data);
    EXPECT_EQ(pic.width, 3 * 64) << static_cast<int>(f);
    EXPECT_EQ(pic.height, 2 * 48) << static_cast<int>(f);
    EXPECT_EQ(result->pages[0].format, f);
  }
}

TEST(StillFormats, SpriteQualityOutsideRangeIsRefused) {
  SpriteRequest r;
  r.sampling.interval = 1;
  r.format = ImageFormat::kAvif;
  r.quality = 0;
  auto result = sprite(Source{clip_path(ClipKind::kH264Short)}, r);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, Errc::kInvalidArgument);
}

}  // namespace
}  // namespace tg::engine
