// Source::decoder_threads reaches the decoder: exact-mode decoding runs that many frame threads (counted
// in /proc/self/task while the images are handed over), 0 or less is one per core, keyframes are decoded
// on the caller's thread alone; and the threaded decoder picks the very same frames as the single-threaded
// one the server uses, non-reference skipping included.

#include <gtest/gtest.h>

extern "C" {
#include <libavutil/cpu.h>
}

#include <algorithm>
#include <filesystem>

#include "engine/engine.hpp"
#include "support/clips.hpp"

namespace tg::engine {
namespace {

long process_threads() {
  long count = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) {
    (void)entry;
    ++count;
  }
  return count;
}

struct Sampled {
  std::vector<Image> images;
  long extra_threads = -1;  // the most threads beyond the caller's while images were being made
};

// Images every 1.3 s from 0.5 s: times between keyframes and on B-frames.
Sampled sample_with(const std::string& clip, int threads, SeekMode mode) {
  Source source{clip};
  source.decoder_threads = threads;
  SampleRequest request;
  request.start_s = 0.5;
  request.interval = 1.3;
  request.mode = mode;
  request.image.format = ImageFormat::kPng;
  Sampled out;
  const long before = process_threads();
  auto made = sample(source, request, [&](Image&& image) {
    out.extra_threads = std::max(out.extra_threads, process_threads() - before);
    out.images.push_back(std::move(image));
    return true;
  });
  EXPECT_TRUE(made.ok()) << (made.ok() ? "" : made.error().message);
  EXPECT_GE(out.images.size(), 4u);
  return out;
}

// Frame threads the decoder runs for a thread count of `threads` (libavcodec's frame threading starts one
// per count, none for a single thread).
long frame_threads_for(int threads) { return threads > 1 ? threads : 0; }

TEST(DecoderThreads, TheThreadCountReachesTheDecoder) {
  for (auto kind : {testing::ClipKind::kH264LongGop, testing::ClipKind::kHevc}) {
    const std::string clip = testing::clip_path(kind);
    ASSERT_FALSE(clip.empty());
    for (int threads : {1, 2, 3}) {
      EXPECT_EQ(sample_with(clip, threads, SeekMode::kExact).extra_threads, frame_threads_for(threads))
          << clip << " with decoder_threads " << threads;
    }
  }
}

TEST(DecoderThreads, ZeroOrLessIsOnePerCore) {
  const std::string clip = testing::clip_path(testing::ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  const long per_core = frame_threads_for(std::max(1, av_cpu_count()));
  EXPECT_EQ(sample_with(clip, 0, SeekMode::kExact).extra_threads, per_core);
  EXPECT_EQ(sample_with(clip, -3, SeekMode::kExact).extra_threads, per_core);
}

TEST(DecoderThreads, KeyframesAreDecodedOnTheCallersThreadAlone) {
  const std::string clip = testing::clip_path(testing::ClipKind::kH264LongGop);
  ASSERT_FALSE(clip.empty());
  EXPECT_EQ(sample_with(clip, 3, SeekMode::kKeyframe).extra_threads, 0);
  EXPECT_EQ(sample_with(clip, 0, SeekMode::kKeyframe).extra_threads, 0);
}

TEST(DecoderThreads, ThreadedDecodingGivesBitIdenticalFrames) {
  for (auto kind : {testing::ClipKind::kH264LongGop, testing::ClipKind::kHevc}) {
    const std::string clip = testing::clip_path(kind);
    ASSERT_FALSE(clip.empty());
    for (auto mode : {SeekMode::kExact, SeekMode::kKeyframe}) {
      const Sampled single = sample_with(clip, 1, mode);
      const Sampled threaded = sample_with(clip, 3, mode);
      ASSERT_EQ(single.images.size(), threaded.images.size());
      for (std::size_t i = 0; i < single.images.size(); ++i) {
        EXPECT_EQ(single.images[i].frame_s, threaded.images[i].frame_s) << clip << " #" << i;
        EXPECT_TRUE(single.images[i].data == threaded.images[i].data) << clip << " #" << i;
      }
    }
  }
}

}  // namespace
}  // namespace tg::engine
