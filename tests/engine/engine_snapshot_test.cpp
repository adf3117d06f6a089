// probe() and snapshot() on generated clips: stream facts, exact and keyframe frame choice, sizes,
// formats, rotation, anamorphic and 10-bit sources, streams starting above zero.

#include <cmath>
#include <thread>

#include <gtest/gtest.h>

#include "engine/engine.hpp"
#include "engine_test_helpers.hpp"
#include "support/clips.hpp"

namespace tg::engine {
namespace {

using tg::testing::ClipKind;
using tg::testing::clip_path;
using testing::decode_image;

constexpr double kFrame = 1.0 / 25;
constexpr double kEps = 1e-3;

SnapshotRequest at(std::vector<double> seconds, SeekMode mode = SeekMode::kExact) {
  SnapshotRequest r;
  for (double s : seconds) r.times.push_back(TimePoint{s, false});
  r.mode = mode;
  return r;
}

std::vector<Image> snap(ClipKind kind, const SnapshotRequest& r) {
  auto result = snapshot(Source{clip_path(kind)}, r);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : std::string(errc_name(result.error().code)) + ": " +
                                                      result.error().message);
  return result.ok() ? std::move(*result) : std::vector<Image>{};
}

TEST(Probe, ReadsStreamFacts) {
  auto info = probe(Source{clip_path(ClipKind::kH264LongGop)});
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_NEAR(info->duration_s, 12.0, 0.1);
  EXPECT_EQ(info->coded_width, 640);
  EXPECT_EQ(info->coded_height, 360);
  EXPECT_EQ(info->display_width, 640);
  EXPECT_EQ(info->display_height, 360);
  EXPECT_EQ(info->rotation_degrees, 0);
  EXPECT_EQ(info->codec, "h264");
  EXPECT_NEAR(info->frame_rate, 25.0, 0.01);
}

TEST(Probe, RotatedClipSwapsDisplaySize) {
  auto info = probe(Source{clip_path(ClipKind::kRotated90)});
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_EQ(info->coded_width, 640);
  EXPECT_EQ(info->display_width, 360);
  EXPECT_EQ(info->display_height, 640);
  // The clip's matrix turns the picture a quarter counter-clockwise (ffprobe: rotation=90), which is
  // 270 degrees clockwise, as the ffmpeg tool applies it.
  EXPECT_EQ(info->rotation_degrees, 270);
}

TEST(Probe, AnamorphicClipHasWideDisplaySize) {
  auto info = probe(Source{clip_path(ClipKind::kAnamorphic)});
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_EQ(info->coded_width, 480);
  EXPECT_EQ(info->display_width, 640);
  EXPECT_EQ(info->display_height, 360);
}

TEST(Probe, StartOffsetStream) {
  auto info = probe(Source{clip_path(ClipKind::kStartOffset)});
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_NEAR(info->start_time_s, 10.0, 0.05);
  EXPECT_NEAR(info->duration_s, 6.0, 0.1);
}

TEST(Snapshot, ExactModeGivesTheFirstFrameAtOrAfterT) {
  for (double t : {0.0, 1.0, 3.3, 7.02, 9.99, 10.5}) {
    auto images = snap(ClipKind::kH264LongGop, at({t}));
    ASSERT_EQ(images.size(), 1u);
    const Image& im = images[0];
    SCOPED_TRACE(t);
    EXPECT_NEAR(im.requested_s, t, kEps);
    // The frame shown from T on: its pts is at or after T and less than one frame later.
    EXPECT_GE(im.frame_s, t - kEps);
    EXPECT_LT(im.frame_s, t + kFrame - kEps);
    EXPECT_NEAR(std::fmod(im.frame_s + kEps, kFrame), kEps, 2 * kEps);  // on the 25 fps grid
  }
}

TEST(Snapshot, TimePastTheEndGivesTheLastFrame) {
  auto images = snap(ClipKind::kH264Short, at({100.0}));
  ASSERT_EQ(images.size(), 1u);
  EXPECT_NEAR(images[0].frame_s, 6.0 - kFrame, kEps);
}

TEST(Snapshot, KeyframeModeGivesTheLastKeyframeAtOrBeforeT) {
  // kH264LongGop has keyframes at 0 s and 10 s; kH264Short every 2 s.
  struct Case { ClipKind kind; double t; double key; };
  for (const Case& c : {Case{ClipKind::kH264LongGop, 0.5, 0}, Case{ClipKind::kH264LongGop, 9.9, 0},
                        Case{ClipKind::kH264LongGop, 10.0, 10}, Case{ClipKind::kH264LongGop, 11.7, 10},
                        Case{ClipKind::kH264Short, 3.9, 2}, Case{ClipKind::kH264Short, 4.0, 4},
                        Case{ClipKind::kH264Short, 5.5, 4}}) {
    SCOPED_TRACE(c.t);
    auto images = snap(c.kind, at({c.t}, SeekMode::kKeyframe));
    ASSERT_EQ(images.size(), 1u);
    EXPECT_NEAR(images[0].frame_s, c.key, kEps);
  }
}

TEST(Snapshot, SeveralTimesComeBackInRequestOrder) {
  std::vector<double> times = {5.0, 0.2, 11.0, 5.04, 1.0};
  auto together = snap(ClipKind::kH264LongGop, at(times));
  ASSERT_EQ(together.size(), times.size());
  for (size_t i = 0; i < times.size(); ++i) {
    EXPECT_NEAR(together[i].requested_s, times[i], kEps);
    EXPECT_NEAR(together[i].frame_s, times[i], kEps);
    auto alone = snap(ClipKind::kH264LongGop, at({times[i]}));
    ASSERT_EQ(alone.size(), 1u);
    // Decoding forward across requests gives the same pictures as separate seeks.
    EXPECT_EQ(alone[0].data, together[i].data) << "at " << times[i];
  }
}

TEST(Snapshot, PercentTimeIsAShareOfTheDuration) {
  SnapshotRequest r;
  r.times = {TimePoint{50, true}};
  auto images = snap(ClipKind::kH264LongGop, r);
  ASSERT_EQ(images.size(), 1u);
  EXPECT_NEAR(images[0].requested_s, 6.0, 0.05);
  EXPECT_NEAR(images[0].frame_s, 6.0, 0.05);
}

TEST(Snapshot, JpegAndPngAtRequestedSizes) {
  SnapshotRequest r = at({1.0});
  r.image.width = 320;
  auto jpeg = snap(ClipKind::kH264LongGop, r);
  ASSERT_EQ(jpeg.size(), 1u);
  EXPECT_EQ(jpeg[0].format, ImageFormat::kJpeg);
  EXPECT_EQ(jpeg[0].width, 320);
  EXPECT_EQ(jpeg[0].height, 180);
  ASSERT_GE(jpeg[0].data.size(), 3u);
  EXPECT_EQ(jpeg[0].data[0], 0xFF);
  EXPECT_EQ(jpeg[0].data[1], 0xD8);
  FramePtr decoded = decode_image(jpeg[0].data);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->width, 320);
  EXPECT_EQ(decoded->height, 180);

  // Odd JPEG sizes are kept exactly, also when the picture is turned (chroma planes round up).
  for (ClipKind kind : {ClipKind::kH264LongGop, ClipKind::kRotated90}) {
    SnapshotRequest odd = at({1.0});
    odd.image.width = 101;
    odd.image.height = 57;
    auto odd_jpeg = snap(kind, odd);
    ASSERT_EQ(odd_jpeg.size(), 1u);
    FramePtr odd_decoded = decode_image(odd_jpeg[0].data);
    ASSERT_TRUE(odd_decoded);
    EXPECT_EQ(odd_decoded->width, 101);
    EXPECT_EQ(odd_decoded->height, 57);
  }

  r.image.format = ImageFormat::kPng;
  r.image.width = 0;
  r.image.height = 101;
  auto png = snap(ClipKind::kH264LongGop, r);
  ASSERT_EQ(png.size(), 1u);
  EXPECT_EQ(png[0].format, ImageFormat::kPng);
  decoded = decode_image(png[0].data);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->width, 180);
  EXPECT_EQ(decoded->height, 101);
}

TEST(Snapshot, PadLetterboxesInTheBackgroundColour) {
  SnapshotRequest r = at({1.0});
  r.image.width = 200;
  r.image.height = 200;
  r.image.fit = Fit::kPad;
  r.image.format = ImageFormat::kPng;
  r.image.background = 0xFFFFFF;
  auto images = snap(ClipKind::kH264LongGop, r);
  ASSERT_EQ(images.size(), 1u);
  FramePtr decoded = decode_image(images[0].data);
  ASSERT_TRUE(decoded);
  ASSERT_EQ(decoded->width, 200);
  ASSERT_EQ(decoded->height, 200);
  // 640x360 fits as 200x113 (rounded) with white bars above and below.
  EXPECT_NEAR(testing::mean_of_plane(decoded.get(), 0, 0, 200, 40), 255.0, 0.01);
  EXPECT_NEAR(testing::mean_of_plane(decoded.get(), 0, 160, 200, 40), 255.0, 0.01);
  EXPECT_LT(testing::mean_of_plane(decoded.get(), 0, 60, 200, 80), 250.0);
}

TEST(Snapshot, RotationTurnsThePictureUnlessOff) {
  auto turned = snap(ClipKind::kRotated90, at({1.0}));
  ASSERT_EQ(turned.size(), 1u);
  EXPECT_EQ(turned[0].width, 360);
  EXPECT_EQ(turned[0].height, 640);
  SnapshotRequest r = at({1.0});
  r.image.rotate = Rotate::kOff;
  auto plain = snap(ClipKind::kRotated90, r);
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_EQ(plain[0].width, 640);
  EXPECT_EQ(plain[0].height, 360);
  r.image.rotate = Rotate::kAuto;
  r.image.width = 90;
  auto small = snap(ClipKind::kRotated90, r);
  ASSERT_EQ(small.size(), 1u);
  EXPECT_EQ(small[0].width, 90);
  EXPECT_EQ(small[0].height, 160);
}

TEST(Snapshot, AnamorphicClipComesOutAtDisplaySize) {
  auto images = snap(ClipKind::kAnamorphic, at({1.0}));
  ASSERT_EQ(images.size(), 1u);
  EXPECT_EQ(images[0].width, 640);
  EXPECT_EQ(images[0].height, 360);
}

TEST(Snapshot, TenBitClipConverts) {
  SnapshotRequest r = at({1.0, 2.52});
  r.image.format = ImageFormat::kPng;
  auto images = snap(ClipKind::kTenBit, r);
  ASSERT_EQ(images.size(), 2u);
  FramePtr decoded = decode_image(images[1].data);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->width, 640);
  EXPECT_EQ(decoded->height, 360);
  EXPECT_NEAR(images[1].frame_s, 2.52, kEps);
  // testsrc2 is colourful: not a flat or black picture.
  double mean = testing::mean_of_plane(decoded.get(), 0, 0, 640, 360);
  EXPECT_GT(mean, 20);
  EXPECT_LT(mean, 235);
}

TEST(Snapshot, StartOffsetTimesCountFromTheFirstFrame) {
  auto images = snap(ClipKind::kStartOffset, at({0.0, 2.0, 4.52}));
  ASSERT_EQ(images.size(), 3u);
  EXPECT_NEAR(images[0].frame_s, 0.0, kEps);
  EXPECT_NEAR(images[1].frame_s, 2.0, kEps);
  EXPECT_NEAR(images[2].frame_s, 4.52, kEps);
  auto key = snap(ClipKind::kStartOffset, at({3.0}, SeekMode::kKeyframe));
  ASSERT_EQ(key.size(), 1u);
  EXPECT_NEAR(key[0].frame_s, 2.0, kEps);
}

TEST(Snapshot, OtherCodecs) {
  for (ClipKind kind : {ClipKind::kHevc, ClipKind::kVp9Webm}) {
    auto images = snap(kind, at({3.02, 1.0}));
    ASSERT_EQ(images.size(), 2u);
    EXPECT_NEAR(images[0].frame_s, 3.04, kEps);
    EXPECT_NEAR(images[1].frame_s, 1.0, kEps);
    auto key = snap(kind, at({3.0}, SeekMode::kKeyframe));
    ASSERT_EQ(key.size(), 1u);
    EXPECT_LE(key[0].frame_s, 3.0 + kEps);
  }
}

TEST(Snapshot, BlackFilterSkipsTheBlackOpening) {
  SnapshotRequest r = at({0.0});
  r.image.format = ImageFormat::kPng;
  auto plain = snap(ClipKind::kBlackOpening, r);
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_NEAR(plain[0].frame_s, 0.0, kEps);
  FramePtr black = decode_image(plain[0].data);
  ASSERT_TRUE(black);
  EXPECT_LT(testing::mean_of_plane(black.get(), 0, 0, black->width, black->height), 5);

  r.black.pixel_threshold = 32;
  r.black.max_black_percent = 98;
  r.black.max_skipped_frames = 100;
  auto filtered = snap(ClipKind::kBlackOpening, r);
  ASSERT_EQ(filtered.size(), 1u);
  // The first non-black frame is at 2 s.
  EXPECT_NEAR(filtered[0].frame_s, 2.0, kEps);
  FramePtr shown = decode_image(filtered[0].data);
  ASSERT_TRUE(shown);
  EXPECT_GT(testing::mean_of_plane(shown.get(), 0, 0, shown->width, shown->height), 20);

  r.black.max_skipped_frames = 10;  // gives up before reaching the picture
  auto gave_up = snap(ClipKind::kBlackOpening, r);
  ASSERT_EQ(gave_up.size(), 1u);
  EXPECT_NEAR(gave_up[0].frame_s, 10 * kFrame, kEps);

  r.mode = SeekMode::kKeyframe;
  r.black.max_skipped_frames = 100;
  auto key = snap(ClipKind::kBlackOpening, r);
  ASSERT_EQ(key.size(), 1u);
  EXPECT_NEAR(key[0].frame_s, 2.0, kEps);
}

TEST(Snapshot, ConcurrentCallsAgree) {
  const SnapshotRequest r = at({2.52, 7.0}, SeekMode::kExact);
  auto reference = snap(ClipKind::kH264LongGop, r);
  ASSERT_EQ(reference.size(), 2u);
  const std::string clip = clip_path(ClipKind::kH264LongGop);
  std::vector<std::vector<Image>> results(4);
  std::vector<std::thread> threads;
  for (auto& slot : results) {
    threads.emplace_back([&slot, &r, &clip] {
      auto got = snapshot(Source{clip}, r);
      if (got.ok()) slot = std::move(*got);
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& got : results) {
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].data, reference[0].data);
    EXPECT_EQ(got[1].data, reference[1].data);
  }
}

}  // namespace
}  // namespace tg::engine
