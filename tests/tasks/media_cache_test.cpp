// MediaCache: answers kept until they expire or the cache is cleared, "unknown" kept as well, a lookup that
// began before a clear not kept, and the size bounded.

#include <gtest/gtest.h>

#include <string>

#include "tasks/media_cache.hpp"

namespace tg::tasks {
namespace {

TEST(MediaCache, KeepsAnswersAndUnknownsUntilTheyExpire) {
  MediaCache cache(1'000);
  EXPECT_FALSE(cache.find("a", 0).has_value());
  cache.keep("a", std::string("a.mp4"), 0, cache.generation());
  cache.keep("gone", std::nullopt, 0, cache.generation());
  ASSERT_TRUE(cache.find("a", 999).has_value());
  EXPECT_EQ(cache.find("a", 999)->value_or(""), "a.mp4");
  ASSERT_TRUE(cache.find("gone", 999).has_value());
  EXPECT_FALSE(cache.find("gone", 999)->has_value());
  EXPECT_FALSE(cache.find("a", 1'000).has_value());
  EXPECT_FALSE(cache.find("gone", 1'000).has_value());
}

TEST(MediaCache, ClearAndForgetDropAnswersAndALookupBeforeThemIsNotKept) {
  MediaCache cache(1'000);
  cache.keep("a", std::string("a.mp4"), 0, cache.generation());
  cache.keep("b", std::string("b.mp4"), 0, cache.generation());
  cache.forget("a");
  EXPECT_FALSE(cache.find("a", 1).has_value());
  EXPECT_TRUE(cache.find("b", 1).has_value());
  const uint64_t before = cache.generation();  // a lookup reads the table ...
  cache.clear();                               // ... another process changes it meanwhile
  EXPECT_FALSE(cache.find("b", 1).has_value());
  cache.keep("b", std::string("old.mp4"), 1, before);
  EXPECT_FALSE(cache.find("b", 2).has_value());
  cache.keep("b", std::string("new.mp4"), 2, cache.generation());
  EXPECT_EQ(cache.find("b", 3)->value_or(""), "new.mp4");
}

TEST(MediaCache, OffKeepsNothing) {
  MediaCache cache(0);
  cache.keep("a", std::string("a.mp4"), 0, cache.generation());
  EXPECT_FALSE(cache.find("a", 0).has_value());
  EXPECT_EQ(cache.size(), 0u);
}

TEST(MediaCache, AFloodOfFileIdsNeverHoldsMoreThanItsBound) {
  MediaCache cache(60'000);
  for (std::size_t i = 0; i < 3 * MediaCache::kMaxEntries; ++i) {
    cache.keep("unknown-" + std::to_string(i), std::nullopt, 0, cache.generation());
    ASSERT_LE(cache.size(), MediaCache::kMaxEntries);
  }
  // A known entry is replaced in place, whatever the size.
  cache.keep("unknown-" + std::to_string(3 * MediaCache::kMaxEntries - 1), std::string("x.mp4"), 0,
             cache.generation());
  EXPECT_EQ(cache.find("unknown-" + std::to_string(3 * MediaCache::kMaxEntries - 1), 1)->value_or(""), "x.mp4");
}

}  // namespace
}  // namespace tg::tasks
