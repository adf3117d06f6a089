// animated(): GIF and animated WebP previews decoded back (sizes, frame counts, delays, loop flag), the
// GIF palette computed from the clip, frames chosen by time, and the request limits.

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "engine/animated_plan.hpp"
#include "engine/engine.hpp"
#include "support/image_readers.hpp"
#include "support/clips.hpp"

namespace tg::engine {
namespace {

using tg::testing::ClipKind;
using tg::testing::clip_path;

AnimatedRequest span(double start, double end, double fps, AnimatedFormat format = AnimatedFormat::kGif) {
  AnimatedRequest r;
  r.start_s = start;
  r.end_s = end;
  r.fps = fps;
  r.format = format;
  return r;
}

Animation make(ClipKind kind, const AnimatedRequest& r) {
  auto result = animated(Source{clip_path(kind)}, r);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message + " / " + result.error().detail);
  return result.ok() ? std::move(*result) : Animation{};
}

Errc error_of(ClipKind kind, const AnimatedRequest& r) {
  auto result = animated(Source{clip_path(kind)}, r);
  return result.ok() ? Errc::kInternal : result.error().code;
}

TEST(AnimatedGif, FramesSizeDelaysAndLoop) {
  Animation a = make(ClipKind::kH264Short, span(1.0, 3.0, 10));
  auto gif = testing::read_gif(a.data);
  ASSERT_TRUE(gif.valid);
  EXPECT_EQ(gif.width, 320);  // the default width
  EXPECT_EQ(gif.height, 240);
  EXPECT_EQ(gif.frames, 20);
  EXPECT_EQ(a.frame_count, 20);
  EXPECT_EQ(gif.loop, 0);  // forever
  ASSERT_EQ(gif.delays_cs.size(), 20u);
  int total = 0;
  for (int d : gif.delays_cs) {
    EXPECT_EQ(d, 10);
    total += d;
  }
  EXPECT_EQ(total, 200);
  EXPECT_NEAR(a.duration_s, 2.0, 1e-9);
  EXPECT_NEAR(a.first_frame_s, 1.0, 1e-6);
  // libavcodec decodes it back at that size.
  auto first = testing::decode_rgb(a.data);
  EXPECT_EQ(first.width, 320);
  EXPECT_EQ(first.height, 240);
}

TEST(AnimatedGif, DefaultFpsIsFifteen) {
  AnimatedRequest r;
  r.start_s = 0;
  r.end_s = 1;
  r.width = 96;
  Animation a = make(ClipKind::kH264Short, r);
  auto gif = testing::read_gif(a.data);
  EXPECT_EQ(gif.frames, 15);
  EXPECT_EQ(gif.width, 96);
  EXPECT_EQ(gif.height, 72);
}

TEST(AnimatedGif, PaletteComesFromTheClip) {
  AnimatedRequest r = span(0.5, 1.5, 10);
  r.width = 160;
  auto colourful = testing::read_gif(make(ClipKind::kH264Short, r).data);
  auto two_colour = testing::read_gif(make(ClipKind::kRedQuadrant, r).data);
  ASSERT_TRUE(colourful.valid);
  ASSERT_TRUE(two_colour.valid);
  EXPECT_GT(colourful.distinct_colours(), 16u);
  EXPECT_NE(colourful.global_palette, two_colour.global_palette);
  // The two-colour clip's palette holds its red and its blue.
  bool red = false;
  bool blue = false;
  for (uint32_t c : two_colour.global_palette) {
    const int R = (c >> 16) & 0xff, G = (c >> 8) & 0xff, B = c & 0xff;
    red = red || (R > 200 && G < 60 && B < 60);
    blue = blue || (B > 200 && R < 60 && G < 60);
  }
  EXPECT_TRUE(red);
  EXPECT_TRUE(blue);
  auto pic = testing::decode_rgb(make(ClipKind::kRedQuadrant, r).data);
  ASSERT_EQ(pic.width, 160);
  EXPECT_GT(pic.mean(10, 10, 60, 40)[0], 200);
  EXPECT_GT(pic.mean(100, 80, 50, 30)[2], 200);
}

TEST(AnimatedGif, FasterThanTheSourceKeepsEachFrameOnce) {
  // 30 slots a second over a 25 fps clip: each slot shows the first frame at or after it, so every
  // frame from 2.00 s to 3.00 s appears once (26 pictures) and 4 slots extend their neighbours.
  Animation a = make(ClipKind::kH264Short, span(2.0, 3.0, 30));
  auto gif = testing::read_gif(a.data);
  EXPECT_EQ(a.frame_count, 26);
  EXPECT_EQ(gif.frames, 26);
  int total = 0;
  for (int d : gif.delays_cs) total += d;
  EXPECT_EQ(total, 100);
}

TEST(AnimatedGif, EndIsClippedToTheMedia) {
  Animation a = make(ClipKind::kH264Short, span(5.0, 9.0, 10));  // the clip lasts 6 s
  auto gif = testing::read_gif(a.data);
  EXPECT_EQ(gif.frames, 10);
  EXPECT_NEAR(a.duration_s, 1.0, 1e-9);
}

TEST(AnimatedGif, FollowsTheDisplayMatrixAndHeight) {
  AnimatedRequest r = span(0, 1, 5);
  Animation turned = make(ClipKind::kRotated90, r);
  EXPECT_EQ(turned.width, 320);
  EXPECT_EQ(turned.height, 569);
  r.width = 0;
  r.height = 120;
  Animation by_height = make(ClipKind::kH264Short, r);
  auto gif = testing::read_gif(by_height.data);
  EXPECT_EQ(gif.width, 160);
  EXPECT_EQ(gif.height, 120);
  r.width = 100;
  r.height = 100;  // both: fitted inside, aspect kept
  auto boxed = testing::read_gif(make(ClipKind::kH264Short, r).data);
  EXPECT_EQ(boxed.width, 100);
  EXPECT_EQ(boxed.height, 75);
}

TEST(AnimatedWebp, FramesSizeAndLoop) {
  AnimatedRequest r = span(1.0, 3.0, 10, AnimatedFormat::kWebp);
  r.width = 160;
  Animation a = make(ClipKind::kH264Short, r);
  ASSERT_TRUE(testing::is_webp(a.data));
  auto webp = testing::read_webp_animation(a.data);
  ASSERT_TRUE(webp.valid);
  EXPECT_EQ(webp.width, 160);
  EXPECT_EQ(webp.height, 120);
  EXPECT_EQ(webp.frames, 20);
  EXPECT_EQ(webp.loop, 0);
  EXPECT_EQ(webp.last_timestamp_ms, 2000);
}

TEST(AnimatedRequests, BadArgumentsAreRefused) {
  const ClipKind clip = ClipKind::kH264Short;
  EXPECT_EQ(error_of(clip, span(2, 2, 10)), Errc::kInvalidArgument);     // end == start
  EXPECT_EQ(error_of(clip, span(3, 2, 10)), Errc::kInvalidArgument);     // end < start
  EXPECT_EQ(error_of(clip, span(0, 10.5, 10)), Errc::kInvalidArgument);  // over 10 s
  EXPECT_EQ(error_of(clip, span(0, 0.1, 10)), Errc::kInvalidArgument);   // under 0.25 s
  EXPECT_EQ(error_of(clip, span(0, 2, 31)), Errc::kInvalidArgument);
  EXPECT_EQ(error_of(clip, span(0, 2, 0)), Errc::kInvalidArgument);
  EXPECT_EQ(error_of(clip, span(0, 2, -5)), Errc::kInvalidArgument);
  EXPECT_EQ(error_of(clip, span(-1, 2, 10)), Errc::kInvalidArgument);
  EXPECT_EQ(error_of(clip, span(std::numeric_limits<double>::quiet_NaN(), 2, 10)), Errc::kInvalidArgument);
  EXPECT_EQ(error_of(clip, span(0, std::numeric_limits<double>::infinity(), 10)), Errc::kInvalidArgument);
  EXPECT_EQ(error_of(clip, span(100, 105, 10)), Errc::kInvalidArgument);  // past the end of the media
  EXPECT_EQ(error_of(clip, span(6.0, 8.0, 10)), Errc::kInvalidArgument);
  AnimatedRequest wide = span(0, 2, 10);
  wide.width = 641;
  EXPECT_EQ(error_of(clip, wide), Errc::kInvalidArgument);
  wide.width = 0;
  wide.height = 700;
  EXPECT_EQ(error_of(clip, wide), Errc::kInvalidArgument);
  wide.height = -1;
  EXPECT_EQ(error_of(clip, wide), Errc::kInvalidArgument);
  AnimatedRequest webp = span(0, 2, 10, AnimatedFormat::kWebp);
  webp.quality = 0;
  EXPECT_EQ(error_of(clip, webp), Errc::kInvalidArgument);
  // Not media at all: the input's own error.
  EXPECT_EQ(error_of(ClipKind::kAudioOnly, span(0, 2, 10)), Errc::kNoVideo);
}

TEST(AnimatedPlan, SlotsAreEvenlySpacedBeforeTheEnd) {
  EXPECT_EQ(animated_slots(0, 2, 10).size(), 20u);
  EXPECT_EQ(animated_slots(0, 1, 15).size(), 15u);
  auto s = animated_slots(1.0, 1.25, 30);
  ASSERT_EQ(s.size(), 8u);
  EXPECT_NEAR(s[7], 1.0 + 7.0 / 30, 1e-12);
  EXPECT_EQ(animated_slots(3, 13, 30).size(), 300u);
}

TEST(AnimatedPlan, EndClippingAndChecks) {
  AnimatedRequest r = span(4, 8, 10);
  EXPECT_DOUBLE_EQ(*clip_animated_end(r, 6.0), 6.0);
  EXPECT_DOUBLE_EQ(*clip_animated_end(r, 0), 8.0);  // unknown duration
  EXPECT_FALSE(clip_animated_end(span(6, 8, 10), 6.0).ok());
  EXPECT_TRUE(check_animated_request(span(0, 10, 30)).ok());
  EXPECT_FALSE(check_animated_request(span(0, 10.01, 30)).ok());
  EXPECT_TRUE(check_animated_request(span(0, 0.25, 30)).ok());
  ImageOptions o = animated_image_options(AnimatedRequest{});
  EXPECT_EQ(o.width, 320);
  EXPECT_EQ(o.height, 0);
}

}  // namespace
}  // namespace tg::engine
