// Hot inputs: a cached, re-armed grabber gives the same images as a fresh engine::snapshot, in any
// order of times, and the LRU keeps its bound and drops other versions of a file.

#include <gtest/gtest.h>

#include "engine/hot_input_cache.hpp"
#include "support/clips.hpp"

namespace tg::engine {
namespace {

std::vector<uint8_t> fresh(const std::string& path, double t, SeekMode mode, const ImageOptions& options) {
  SnapshotRequest request;
  request.times.push_back({t, false});
  request.mode = mode;
  request.image = options;
  auto images = snapshot(Source{path}, request);
  EXPECT_TRUE(images) << images.error().message;
  return images ? images->front().data : std::vector<uint8_t>{};
}

TEST(CosHotInputCacheTest, ReusedGrabberMatchesFreshSnapshotsForwardAndBackward) {
  const std::string clip = tg::testing::clip_path(tg::testing::ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  HotInputCache cache(4);
  HotInputKey key{clip, 1, 1, Rotate::kAuto};
  ImageOptions options;
  options.width = 160;
  for (double t : {3.0, 1.04, 5.5, 0.0, 2.2}) {
    for (SeekMode mode : {SeekMode::kExact, SeekMode::kKeyframe}) {
      bool reused = false;
      auto image = cache.snapshot(key, Source{clip}, t, mode, options, &reused);
      ASSERT_TRUE(image) << image.error().message;
      EXPECT_EQ(reused, !(t == 3.0 && mode == SeekMode::kExact));
      EXPECT_EQ(image->width, 160);
      EXPECT_EQ(image->data, fresh(clip, t, mode, options)) << "t=" << t;
    }
  }
  auto stats = cache.stats();
  EXPECT_EQ(stats.opens, 1u);
  EXPECT_EQ(stats.reuses, 9u);
  EXPECT_EQ(stats.idle, 1u);
}

TEST(CosHotInputCacheTest, RotationIsPartOfTheKey) {
  const std::string clip = tg::testing::clip_path(tg::testing::ClipKind::kRotated90);
  ASSERT_FALSE(clip.empty());
  HotInputCache cache(4);
  ImageOptions automatic;
  ImageOptions off;
  off.rotate = Rotate::kOff;
  auto a = cache.snapshot({clip, 1, 1, Rotate::kAuto}, Source{clip}, 1, SeekMode::kExact, automatic);
  auto b = cache.snapshot({clip, 1, 1, Rotate::kOff}, Source{clip}, 1, SeekMode::kExact, off);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->width, 360);
  EXPECT_EQ(b->width, 640);
  EXPECT_EQ(cache.stats().opens, 2u);
  // A key whose rotation disagrees with the options is refused rather than answered wrongly.
  auto mismatch = cache.snapshot({clip, 1, 1, Rotate::kOff}, Source{clip}, 1, SeekMode::kExact, automatic);
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().code, Errc::kInvalidArgument);
}

TEST(CosHotInputCacheTest, KeepsAtMostCapacityAndDropsOtherVersions) {
  const std::string clip = tg::testing::clip_path(tg::testing::ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  HotInputCache cache(2);
  ImageOptions options;
  for (int version = 0; version < 3; ++version) {
    ASSERT_TRUE(cache.snapshot({clip + "#" + std::to_string(version), 1, 1, Rotate::kAuto}, Source{clip}, 1,
                               SeekMode::kKeyframe, options));
  }
  EXPECT_EQ(cache.stats().idle, 2u);
  // The same path with another modification time replaces the old entry.
  ASSERT_TRUE(cache.snapshot({clip + "#2", 1, 2, Rotate::kAuto}, Source{clip}, 1, SeekMode::kKeyframe, options));
  EXPECT_EQ(cache.stats().idle, 2u);
  EXPECT_EQ(cache.stats().opens, 4u);
  HotInputCache none(0);
  ASSERT_TRUE(none.snapshot({clip, 1, 1, Rotate::kAuto}, Source{clip}, 1, SeekMode::kKeyframe, options));
  ASSERT_TRUE(none.snapshot({clip, 1, 1, Rotate::kAuto}, Source{clip}, 1, SeekMode::kKeyframe, options));
  EXPECT_EQ(none.stats().opens, 2u);
  EXPECT_EQ(none.stats().idle, 0u);
}

TEST(CosHotInputCacheTest, BadInputsAreErrorsAndNotCached) {
  HotInputCache cache(2);
  ImageOptions options;
  auto missing = cache.snapshot({"/no/such/file.mp4", 1, 1, Rotate::kAuto}, Source{"/no/such/file.mp4"}, 1,
                                SeekMode::kExact, options);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::kNotFound);
  auto negative = cache.snapshot({"x", 1, 1, Rotate::kAuto}, Source{"x"}, -1, SeekMode::kExact, options);
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error().code, Errc::kInvalidArgument);
  EXPECT_EQ(cache.stats().idle, 0u);
}

}  // namespace
}  // namespace tg::engine
