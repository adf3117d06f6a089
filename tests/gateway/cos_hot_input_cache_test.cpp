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

std::pair<std::size_t, std::size_t> grabber_bytes(const std::string& clip);

// Whole (decoding on from the previous call) or parked between calls (a new decoder each time).
TEST(CosHotInputCacheTest, ReusedGrabberMatchesFreshSnapshotsForwardAndBackward) {
  const std::string clip = tg::testing::clip_path(tg::testing::ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  const std::size_t parked = grabber_bytes(clip).second;
  for (std::size_t max_bytes : {HotInputCache::kDefaultMaxBytes, parked}) {
    HotInputCache cache(4, max_bytes);
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
    EXPECT_EQ(stats.parked, max_bytes == parked ? 1u : 0u);
  }
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

// What one idle grabber of `clip` holds whole (after a snapshot at 1 s) and parked.
std::pair<std::size_t, std::size_t> grabber_bytes(const std::string& clip) {
  auto grabber = FrameGrabber::open(Source{clip}, Rotate::kAuto);
  EXPECT_TRUE(grabber);
  if (!grabber) return {0, 0};
  EXPECT_TRUE((*grabber)->grab(1.0, SeekMode::kExact, BlackFilter{}));
  const std::size_t whole = (*grabber)->held_bytes();
  (*grabber)->park();
  EXPECT_TRUE((*grabber)->parked());
  return {whole, (*grabber)->held_bytes()};
}

TEST(CosHotInputCacheTest, TheByteBoundParksThenDropsTheLeastRecentlyUsed) {
  const std::string clip = tg::testing::clip_path(tg::testing::ClipKind::kH264LongGop);
  ASSERT_FALSE(clip.empty());
  const auto [whole, parked] = grabber_bytes(clip);
  // A 640x360 H.264 decoder's frames are most of a grabber; parked, the demuxer and its index stay.
  ASSERT_GT(whole, 2 * parked);
  ImageOptions options;
  options.width = 160;
  auto key = [&](int n) { return HotInputKey{clip + "#" + std::to_string(n), 1, 1, Rotate::kAuto}; };

  // Room for one whole grabber and one parked: the older one gives up its decoder.
  HotInputCache one_whole(8, whole + parked);
  ASSERT_TRUE(one_whole.snapshot(key(1), Source{clip}, 1, SeekMode::kExact, options));
  ASSERT_TRUE(one_whole.snapshot(key(2), Source{clip}, 1, SeekMode::kExact, options));
  auto stats = one_whole.stats();
  EXPECT_EQ(stats.idle, 2u);
  EXPECT_EQ(stats.parked, 1u);
  EXPECT_EQ(stats.idle_bytes, whole + parked);
  // The parked one answers again with a new decoder, exactly as a fresh snapshot does; then the other
  // one, now the least recently used, is parked.
  bool reused = false;
  auto again = one_whole.snapshot(key(1), Source{clip}, 7.5, SeekMode::kExact, options, &reused);
  ASSERT_TRUE(again) << again.error().detail;
  EXPECT_TRUE(reused);
  EXPECT_EQ(again->data, fresh(clip, 7.5, SeekMode::kExact, options));
  stats = one_whole.stats();
  EXPECT_EQ(stats.parked, 1u);
  EXPECT_EQ(stats.idle_bytes, whole + parked);

  // Room for two parked grabbers only: the third snapshot's input pushes the oldest out.
  HotInputCache two_parked(8, 2 * parked + parked / 2);
  for (int n = 1; n <= 3; ++n) ASSERT_TRUE(two_parked.snapshot(key(n), Source{clip}, 1, SeekMode::kExact, options));
  stats = two_parked.stats();
  EXPECT_EQ(stats.idle, 2u);
  EXPECT_EQ(stats.parked, 2u);
  EXPECT_LE(stats.idle_bytes, 2 * parked + parked / 2);
  reused = true;
  ASSERT_TRUE(two_parked.snapshot(key(1), Source{clip}, 1, SeekMode::kExact, options, &reused));
  EXPECT_FALSE(reused) << "the least recently used input was kept";

  // Less room than one parked grabber: every call opens its input and nothing is kept.
  HotInputCache none(8, parked - 1);
  ASSERT_TRUE(none.snapshot(key(1), Source{clip}, 1, SeekMode::kExact, options));
  EXPECT_EQ(none.stats().idle, 0u);
  EXPECT_EQ(none.stats().idle_bytes, 0u);
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
