// make_preview_rendition(): every frame at its own timestamp, smaller, a keyframe every second, the turn
// and the aspect kept; previews made from it show the same frames as from the source; the limits and bad
// inputs.

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <vector>

#include <gtest/gtest.h>

#include "engine/av_handles.hpp"
#include "engine/engine.hpp"
#include "support/clips.hpp"
#include "support/image_probe.hpp"
#include "support/image_readers.hpp"

namespace tg::engine {
namespace {

using tg::testing::ClipKind;
using tg::testing::clip_path;

struct PacketFacts {
  std::vector<double> pts_s;        // every shown video packet's presentation time, sorted
  std::vector<double> keyframes_s;  // the keyframes', sorted
};

PacketFacts packets_of(const std::string& path) {
  PacketFacts facts;
  AVFormatContext* raw = nullptr;
  if (avformat_open_input(&raw, path.c_str(), nullptr, nullptr) < 0) return facts;
  FormatContextPtr fmt(raw);
  if (avformat_find_stream_info(fmt.get(), nullptr) < 0) return facts;
  const int index = av_find_best_stream(fmt.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (index < 0) return facts;
  const AVStream* st = fmt->streams[index];
  PacketPtr packet(av_packet_alloc());
  while (av_read_frame(fmt.get(), packet.get()) >= 0) {
    // A packet the container marks to discard (outside its edit list) is never shown.
    if (packet->stream_index == index && packet->pts != AV_NOPTS_VALUE && !(packet->flags & AV_PKT_FLAG_DISCARD)) {
      const double s = static_cast<double>(packet->pts) * av_q2d(st->time_base);
      facts.pts_s.push_back(s);
      if (packet->flags & AV_PKT_FLAG_KEY) facts.keyframes_s.push_back(s);
    }
    av_packet_unref(packet.get());
  }
  std::sort(facts.pts_s.begin(), facts.pts_s.end());
  std::sort(facts.keyframes_s.begin(), facts.keyframes_s.end());
  return facts;
}

class RenditionTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = tg::testing::fresh_test_dir("renditions"); }

  EngineResult<Rendition> make(ClipKind kind, RenditionRequest request, const std::string& name = "r.mp4") {
    request.out_path = dir_ + "/" + name;
    return make_preview_rendition(Source{clip_path(kind)}, request);
  }

  RenditionRequest at_most(int side) {
    RenditionRequest r;
    r.max_side = side;
    return r;
  }

  std::string dir_;
};

TEST_F(RenditionTest, KeepsEveryFrameAtItsTimeSmallerWithAKeyframeEverySecond) {
  auto made = make(ClipKind::kH264LongGop, at_most(320));
  ASSERT_TRUE(made.ok()) << made.error().message << " / " << made.error().detail;
  EXPECT_EQ(made->width, 320);
  EXPECT_EQ(made->height, 180);
  EXPECT_EQ(made->frames, 300);
  EXPECT_GT(made->bytes, 0);
  EXPECT_EQ(made->bytes, static_cast<int64_t>(std::filesystem::file_size(dir_ + "/r.mp4")));

  const PacketFacts source = packets_of(clip_path(ClipKind::kH264LongGop));
  const PacketFacts copy = packets_of(dir_ + "/r.mp4");
  ASSERT_EQ(source.pts_s.size(), 300u);
  ASSERT_EQ(copy.pts_s.size(), source.pts_s.size());
  for (size_t i = 0; i < source.pts_s.size(); ++i) EXPECT_NEAR(copy.pts_s[i], source.pts_s[i], 1e-6) << i;
  // The source has one keyframe in 12 s; the copy one each second (25 frames).
  EXPECT_EQ(source.keyframes_s.size(), 2u);
  ASSERT_GE(copy.keyframes_s.size(), 12u);
  for (size_t i = 1; i < copy.keyframes_s.size(); ++i) {
    EXPECT_LE(copy.keyframes_s[i] - copy.keyframes_s[i - 1], 1.0 + 1e-6) << i;
  }

  auto info = probe(Source{dir_ + "/r.mp4"});
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->codec, "h264");
  EXPECT_NEAR(info->duration_s, 12.0, 0.05);
}

TEST_F(RenditionTest, ASnapshotOfItIsTheSameFrameAsTheSources) {
  auto made = make(ClipKind::kH264LongGop, at_most(320));
  ASSERT_TRUE(made.ok()) << made.error().message;
  auto png_at = [](const std::string& path, double t) {
    SnapshotRequest r;
    r.times.push_back({t, false});
    r.image.width = 320;
    r.image.height = 180;
    r.image.format = ImageFormat::kPng;
    auto images = snapshot(Source{path}, r);
    EXPECT_TRUE(images.ok());
    return images.ok() ? tg::testing::write_scratch_file(images->front().data, ".png") : std::string();
  };
  // testsrc2 moves every frame: the frame before or after looks measurably different.
  for (double t : {0.0, 3.52, 7.3, 11.96}) {
    const std::string copy = png_at(dir_ + "/r.mp4", t);
    std::vector<std::string> references = {png_at(clip_path(ClipKind::kH264LongGop), t)};
    if (t >= 0.04) references.push_back(png_at(clip_path(ClipKind::kH264LongGop), t - 0.04));
    if (t + 0.04 < 12.0) references.push_back(png_at(clip_path(ClipKind::kH264LongGop), t + 0.04));
    const std::vector<double> psnr = tg::testing::psnr_many(copy, references);
    ASSERT_EQ(psnr.size(), references.size());
    // A copy as small as the picture (320x180 of testsrc2's fine text) measures 26-29 dB here, its
    // neighbours 16-20 dB; from a 640-wide copy, as the player makes them, a 320-wide frame is above 40 dB.
    EXPECT_GT(psnr[0], 24.0) << "at " << t << ": " << ::testing::PrintToString(psnr);
    for (size_t i = 1; i < psnr.size(); ++i) {
      EXPECT_GT(psnr[0], psnr[i] + 4.0) << "at " << t << ": " << ::testing::PrintToString(psnr);
    }
  }
}

TEST_F(RenditionTest, APreviewFromItHasTheSourcesFramesSizeAndTiming) {
  auto made = make(ClipKind::kH264LongGop, at_most(320));
  ASSERT_TRUE(made.ok()) << made.error().message;
  AnimatedRequest r;
  r.start_s = 7.3;
  r.end_s = 9.3;
  r.fps = 10;
  r.width = 160;
  auto from_source = animated(Source{clip_path(ClipKind::kH264LongGop)}, r);
  auto from_copy = animated(Source{dir_ + "/r.mp4"}, r);
  ASSERT_TRUE(from_source.ok());
  ASSERT_TRUE(from_copy.ok());
  EXPECT_EQ(from_copy->width, from_source->width);
  EXPECT_EQ(from_copy->height, from_source->height);
  EXPECT_EQ(from_copy->frame_count, from_source->frame_count);
  EXPECT_DOUBLE_EQ(from_copy->first_frame_s, from_source->first_frame_s);
  EXPECT_DOUBLE_EQ(from_copy->duration_s, from_source->duration_s);
  const auto a = testing::read_gif(from_source->data);
  const auto b = testing::read_gif(from_copy->data);
  EXPECT_EQ(a.frames, b.frames);
  EXPECT_EQ(a.delays_cs, b.delays_cs);
}

TEST_F(RenditionTest, KeepsTheTurnTheAspectAndALateStart) {
  auto turned = make(ClipKind::kRotated90, at_most(320), "turned.mp4");
  ASSERT_TRUE(turned.ok()) << turned.error().message;
  EXPECT_EQ(turned->width, 320);  // stored as the source is, 640x360 halved
  EXPECT_EQ(turned->height, 180);
  auto turned_info = probe(Source{dir_ + "/turned.mp4"});
  auto turned_source = probe(Source{clip_path(ClipKind::kRotated90)});
  ASSERT_TRUE(turned_info.ok());
  ASSERT_TRUE(turned_source.ok());
  EXPECT_NE(turned_info->rotation_degrees, 0);
  EXPECT_EQ(turned_info->rotation_degrees, turned_source->rotation_degrees);
  EXPECT_EQ(turned_info->display_width, 180);
  EXPECT_EQ(turned_info->display_height, 320);

  // Coded 480x360 at 4:3 displays as 640x360: fitted inside 320, stored 240x180 at the same 4:3.
  auto wide = make(ClipKind::kAnamorphic, at_most(320), "wide.mp4");
  ASSERT_TRUE(wide.ok()) << wide.error().message;
  EXPECT_EQ(wide->width, 240);
  EXPECT_EQ(wide->height, 180);
  auto wide_info = probe(Source{dir_ + "/wide.mp4"});
  ASSERT_TRUE(wide_info.ok());
  EXPECT_EQ(wide_info->display_width, 320);
  EXPECT_EQ(wide_info->display_height, 180);

  // A stream whose first timestamp is 10 s: a preview from the copy starts on the same frame.
  auto late = make(ClipKind::kStartOffset, at_most(320), "late.mp4");
  ASSERT_TRUE(late.ok()) << late.error().message;
  AnimatedRequest r;
  r.start_s = 2.1;
  r.end_s = 3.1;
  r.fps = 5;
  auto from_source = animated(Source{clip_path(ClipKind::kStartOffset)}, r);
  auto from_copy = animated(Source{dir_ + "/late.mp4"}, r);
  ASSERT_TRUE(from_source.ok());
  ASSERT_TRUE(from_copy.ok());
  EXPECT_DOUBLE_EQ(from_copy->first_frame_s, from_source->first_frame_s);
  EXPECT_EQ(from_copy->frame_count, from_source->frame_count);

  // Ten-bit sources become 8-bit 4:2:0.
  auto deep = make(ClipKind::kTenBit, at_most(320), "deep.mp4");
  ASSERT_TRUE(deep.ok()) << deep.error().message;
  EXPECT_EQ(deep->frames, 100);
}

TEST_F(RenditionTest, NeverScalesUp) {
  auto made = make(ClipKind::kH264Short, at_most(640));
  ASSERT_TRUE(made.ok()) << made.error().message;
  EXPECT_EQ(made->width, 320);
  EXPECT_EQ(made->height, 240);
}

TEST_F(RenditionTest, LimitsAndBadInputsAreErrorsNotFiles) {
  RenditionRequest too_long = at_most(320);
  too_long.max_duration_s = 5;
  auto refused = make(ClipKind::kH264LongGop, too_long);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::kTooLarge);
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/r.mp4"));  // refused before anything is written

  RenditionRequest small = at_most(320);
  small.max_bytes = 20000;
  auto stopped = make(ClipKind::kH264LongGop, small);
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.error().code, Errc::kTooLarge);
  EXPECT_LT(std::filesystem::file_size(dir_ + "/r.mp4"), 200000u);  // stopped soon after the limit

  auto audio = make(ClipKind::kAudioOnly, at_most(320), "audio.mp4");
  ASSERT_FALSE(audio.ok());
  EXPECT_EQ(audio.error().code, Errc::kNoVideo);

  auto truncated = make(ClipKind::kTruncated, at_most(320), "truncated.mp4");
  EXPECT_FALSE(truncated.ok());

  RenditionRequest bad = at_most(8);
  EXPECT_EQ(make(ClipKind::kH264Short, bad).error().code, Errc::kInvalidArgument);

  std::atomic<bool> cancel{true};
  Source cancelled{clip_path(ClipKind::kH264Short)};
  cancelled.cancel = &cancel;
  RenditionRequest r = at_most(320);
  r.out_path = dir_ + "/cancelled.mp4";
  auto stopped_early = make_preview_rendition(cancelled, r);
  ASSERT_FALSE(stopped_early.ok());
  EXPECT_EQ(stopped_early.error().code, Errc::kCancelled);
}

}  // namespace
}  // namespace tg::engine
