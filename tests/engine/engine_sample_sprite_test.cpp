// sample() and sprite(): the times visited, images streamed to the sink, sprite pages and cues.

#include <gtest/gtest.h>

#include "engine/engine.hpp"
#include "engine_test_helpers.hpp"
#include "support/clips.hpp"

namespace tg::engine {
namespace {

using tg::testing::ClipKind;
using tg::testing::clip_path;
using testing::decode_image;

constexpr double kEps = 1e-3;

std::vector<Image> run_sample(ClipKind kind, const SampleRequest& r, int stop_after = 0) {
  std::vector<Image> images;
  auto made = sample(Source{clip_path(kind)}, r, [&](Image&& im) {
    images.push_back(std::move(im));
    return stop_after == 0 || static_cast<int>(images.size()) < stop_after;
  });
  EXPECT_TRUE(made.ok()) << (made.ok() ? "" : made.error().message);
  if (made.ok()) {
    EXPECT_EQ(*made, static_cast<int>(images.size()));
  }
  return images;
}

TEST(Sample, EveryIntervalUntilTheEnd) {
  SampleRequest r;
  r.interval = 2;
  auto images = run_sample(ClipKind::kH264Short, r);
  ASSERT_EQ(images.size(), 3u);
  for (size_t i = 0; i < images.size(); ++i) {
    EXPECT_NEAR(images[i].requested_s, 2.0 * static_cast<double>(i), kEps);
    EXPECT_NEAR(images[i].frame_s, 2.0 * static_cast<double>(i), kEps);
    EXPECT_EQ(images[i].width, 320);
  }
}

TEST(Sample, StartCountAndKeyframeMode) {
  SampleRequest r;
  r.interval = 1.5;
  r.start_s = 0.5;
  r.count = 3;
  r.mode = SeekMode::kKeyframe;
  r.image.width = 160;
  auto images = run_sample(ClipKind::kH264Short, r);
  ASSERT_EQ(images.size(), 3u);
  const double keys[] = {0, 2, 2};  // keyframes every 2 s; times 0.5, 2.0, 3.5
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_NEAR(images[i].requested_s, 0.5 + 1.5 * static_cast<double>(i), kEps);
    EXPECT_NEAR(images[i].frame_s, keys[i], kEps);
    EXPECT_EQ(images[i].width, 160);
    EXPECT_EQ(images[i].height, 120);
  }
}

TEST(Sample, PercentIntervalAndEarlyStop) {
  SampleRequest r;
  r.interval = 10;
  r.percent = true;
  auto all = run_sample(ClipKind::kH264Short, r);
  ASSERT_EQ(all.size(), 10u);
  for (size_t i = 0; i < all.size(); ++i) EXPECT_NEAR(all[i].requested_s, 0.6 * static_cast<double>(i), kEps);
  auto some = run_sample(ClipKind::kH264Short, r, 4);
  EXPECT_EQ(some.size(), 4u);
}

TEST(Sample, BlackFilterApplies) {
  SampleRequest r;
  r.interval = 1;
  r.count = 3;
  r.black.pixel_threshold = 32;
  r.black.max_black_percent = 98;
  auto images = run_sample(ClipKind::kBlackOpening, r);
  ASSERT_EQ(images.size(), 3u);
  EXPECT_NEAR(images[0].frame_s, 2.0, kEps);
  EXPECT_NEAR(images[1].frame_s, 2.0, kEps);
  EXPECT_NEAR(images[2].frame_s, 2.0, kEps);
}

TEST(Sample, RejectsZeroInterval) {
  SampleRequest r;
  r.interval = 0;
  auto made = sample(Source{clip_path(ClipKind::kH264Short)}, r, [](Image&&) { return true; });
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().code, Errc::kInvalidArgument);
}

SpriteRequest sprite_request(SeekMode mode) {
  SpriteRequest r;
  r.sampling.interval = 1;
  r.sampling.mode = mode;
  r.columns = 2;
  r.rows = 2;
  r.cell_width = 80;
  r.cell_height = 45;
  r.padding = 2;
  r.margin = 3;
  r.color = 0xFF0000;
  r.format = ImageFormat::kPng;
  return r;
}

TEST(Sprite, PagesCuesAndTiles) {
  for (SeekMode mode : {SeekMode::kExact, SeekMode::kKeyframe}) {
    auto result = sprite(Source{clip_path(ClipKind::kH264Short)}, sprite_request(mode));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result->tile_count, 6);
    ASSERT_EQ(result->pages.size(), 2u);
    ASSERT_EQ(result->cues.size(), 6u);
    const int page_w = 2 * 3 + 2 * 80 + 2;
    const int page_h = 2 * 3 + 2 * 45 + 2;
    for (const Image& page : result->pages) {
      EXPECT_EQ(page.width, page_w);
      EXPECT_EQ(page.height, page_h);
      FramePtr decoded = decode_image(page.data);
      ASSERT_TRUE(decoded);
      EXPECT_EQ(decoded->width, page_w);
      EXPECT_EQ(decoded->height, page_h);
    }
    const auto& c = result->cues;
    EXPECT_EQ(c[1].x, 85);
    EXPECT_EQ(c[1].y, 3);
    EXPECT_EQ(c[2].x, 3);
    EXPECT_EQ(c[2].y, 50);
    EXPECT_EQ(c[4].page, 1);
    EXPECT_EQ(c[5].page, 1);
    EXPECT_EQ(c[5].x, 85);
    EXPECT_DOUBLE_EQ(c[5].start_s, 5);
    EXPECT_NEAR(c[5].end_s, 6.0, 0.05);

    // The second page holds two tiles on its top row; the rest is the background colour (red).
    FramePtr second = decode_image(result->pages[1].data);
    ASSERT_TRUE(second);
    ASSERT_EQ(second->format, AV_PIX_FMT_RGB24);
    const uint8_t* px = second->data[0] + static_cast<ptrdiff_t>(page_h - 2) * second->linesize[0] + 3 * 10;
    EXPECT_EQ(px[0], 255);
    EXPECT_EQ(px[1], 0);
    EXPECT_EQ(px[2], 0);
    // A tile's middle is picture, not background.
    px = second->data[0] + static_cast<ptrdiff_t>(3 + 22) * second->linesize[0] + 3 * (3 + 40);
    EXPECT_FALSE(px[0] == 255 && px[1] == 0 && px[2] == 0);
  }
}

std::vector<std::vector<uint8_t>> sprite_pages(ClipKind kind, SeekMode mode, double start, double interval,
                                               int count) {
  SpriteRequest r = sprite_request(mode);
  r.sampling.start_s = start;
  r.sampling.interval = interval;
  r.sampling.count = count;
  auto result = sprite(Source{clip_path(kind)}, r);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
  std::vector<std::vector<uint8_t>> pages;
  if (result.ok()) {
    for (const Image& page : result->pages) pages.push_back(page.data);
  }
  return pages;
}

TEST(Sprite, KeyframeTilesDenserThanTheKeyframesDecodeForward) {
  // One keyframe every 10 s, a tile every second: after the first, every tile's keyframe is taken, so
  // each is decoded forward to its own time and the pages equal the exact ones.
  auto keyframe = sprite_pages(ClipKind::kH264LongGop, SeekMode::kKeyframe, 0, 1, 8);
  auto exact = sprite_pages(ClipKind::kH264LongGop, SeekMode::kExact, 0, 1, 8);
  ASSERT_EQ(keyframe.size(), 2u);
  EXPECT_TRUE(keyframe == exact);
}

TEST(Sprite, KeyframeTilesWhereTheSpacingAllows) {
  // Keyframes every 2 s, tiles at 1, 3 and 5 s: each tile is the keyframe before it (0, 2, 4 s).
  auto keyframe = sprite_pages(ClipKind::kH264Short, SeekMode::kKeyframe, 1, 2, 3);
  auto at_keyframes = sprite_pages(ClipKind::kH264Short, SeekMode::kExact, 0, 2, 3);
  auto exact = sprite_pages(ClipKind::kH264Short, SeekMode::kExact, 1, 2, 3);
  ASSERT_EQ(keyframe.size(), 1u);
  EXPECT_TRUE(keyframe == at_keyframes);
  EXPECT_FALSE(keyframe == exact);
}

TEST(Sprite, WebVttForTheResult) {
  SpriteRequest r = sprite_request(SeekMode::kKeyframe);
  r.sampling.interval = 2;
  r.format = ImageFormat::kJpeg;
  auto result = sprite(Source{clip_path(ClipKind::kH264Short)}, r);
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_EQ(result->pages.size(), 1u);
  EXPECT_EQ(result->pages[0].data[0], 0xFF);
  std::string vtt = render_webvtt(result->cues, [](int p) { return "s-" + std::to_string(p + 1) + ".jpg"; });
  EXPECT_EQ(vtt,
            "WEBVTT\n\n"
            "00:00:00.000 --> 00:00:02.000\ns-1.jpg#xywh=3,3,80,45\n\n"
            "00:00:02.000 --> 00:00:04.000\ns-1.jpg#xywh=85,3,80,45\n\n"
            "00:00:04.000 --> 00:00:06.000\ns-1.jpg#xywh=3,50,80,45\n\n");
}

TEST(Sprite, RejectsBadGrid) {
  SpriteRequest r = sprite_request(SeekMode::kExact);
  r.columns = 0;
  auto result = sprite(Source{clip_path(ClipKind::kH264Short)}, r);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, Errc::kInvalidArgument);
}

}  // namespace
}  // namespace tg::engine
