// Frame-threaded decoding (the command line's choice) picks the very same frames as the single-threaded
// decoder the server uses, non-reference skipping included.

#include <gtest/gtest.h>

#include "engine/engine.hpp"
#include "support/clips.hpp"

namespace tg::engine {
namespace {

std::vector<Image> snap(const std::string& clip, int threads, SeekMode mode) {
  Source source{clip};
  source.decoder_threads = threads;
  SnapshotRequest request;
  request.times = {{0.5}, {3.3}, {7.9}, {9.96}, {11.2}};
  request.mode = mode;
  request.image.format = ImageFormat::kPng;
  auto images = snapshot(source, request);
  EXPECT_TRUE(images.ok()) << (images.ok() ? "" : images.error().message);
  return images.ok() ? std::move(*images) : std::vector<Image>{};
}

TEST(DecoderThreads, ThreadedDecodingGivesBitIdenticalFrames) {
  for (auto kind : {testing::ClipKind::kH264LongGop, testing::ClipKind::kHevc}) {
    std::string clip = testing::clip_path(kind);
    ASSERT_FALSE(clip.empty());
    for (auto mode : {SeekMode::kExact, SeekMode::kKeyframe}) {
      auto single = snap(clip, 1, mode);
      auto threaded = snap(clip, 0, mode);
      ASSERT_EQ(single.size(), threaded.size());
      for (std::size_t i = 0; i < single.size(); ++i) {
        EXPECT_EQ(single[i].frame_s, threaded[i].frame_s) << clip << " #" << i;
        EXPECT_TRUE(single[i].data == threaded[i].data) << clip << " #" << i;
      }
    }
  }
}

TEST(DecoderThreads, NegativeThreadCountsMeanAuto) {
  Source source{testing::clip_path(testing::ClipKind::kH264Short)};
  source.decoder_threads = -3;
  SnapshotRequest request;
  request.times = {{1.0}};
  EXPECT_TRUE(snapshot(source, request).ok());
}

}  // namespace
}  // namespace tg::engine
