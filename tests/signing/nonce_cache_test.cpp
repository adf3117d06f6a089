#include "signing/nonce_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace tg::signing {
namespace {

constexpr int64_t kTtl = 600'000;

TEST(NonceCache, ReplayWithinTtlIsRejected) {
  NonceCache cache;
  EXPECT_TRUE(cache.remember("zego:12345", "4fd24687296dd9f3", 1'000, kTtl));
  EXPECT_FALSE(cache.remember("zego:12345", "4fd24687296dd9f3", 1'000, kTtl));
  EXPECT_FALSE(cache.remember("zego:12345", "4fd24687296dd9f3", 1'000 + kTtl - 1, kTtl));
  EXPECT_TRUE(cache.remember("zego:12345", "other", 1'001, kTtl));
}

TEST(NonceCache, AcceptedAgainAfterTtl) {
  NonceCache cache;
  EXPECT_TRUE(cache.remember("s", "n", 1'000, kTtl));
  EXPECT_TRUE(cache.remember("s", "n", 1'000 + kTtl, kTtl));
  // And it is remembered again from then on.
  EXPECT_FALSE(cache.remember("s", "n", 1'000 + kTtl + 1, kTtl));
}

TEST(NonceCache, ScopesAreIndependent) {
  NonceCache cache;
  EXPECT_TRUE(cache.remember("zego:1", "n", 0, kTtl));
  EXPECT_TRUE(cache.remember("zego:2", "n", 0, kTtl));
  EXPECT_TRUE(cache.remember("tencent:AKID", "n", 0, kTtl));
  // Concatenation ambiguity must not merge different pairs.
  EXPECT_TRUE(cache.remember("a:b", "c", 0, kTtl));
  EXPECT_TRUE(cache.remember("a", "b:c", 0, kTtl));
  EXPECT_TRUE(cache.remember("a:", "bc", 0, kTtl));
  EXPECT_FALSE(cache.remember("zego:2", "n", 1, kTtl));
}

TEST(NonceCache, NonPositiveTtlRecordsNothing) {
  NonceCache cache;
  EXPECT_TRUE(cache.remember("s", "n", 0, 0));
  EXPECT_TRUE(cache.remember("s", "n", 0, -5));
  EXPECT_EQ(cache.size(), 0u);
}

TEST(NonceCache, PurgingKeepsSizeBoundedByOneTtlWindow) {
  NonceCache cache;
  const int64_t ttl = 1'000;
  const int per_ms = 10;
  // Fresh nonces every ms over 10 ttl windows: only the last window's worth may stay.
  for (int64_t t = 0; t < 10 * ttl; ++t) {
    for (int i = 0; i < per_ms; ++i) {
      ASSERT_TRUE(cache.remember("s", std::to_string(t) + "-" + std::to_string(i), t, ttl));
    }
    ASSERT_LE(cache.size(), static_cast<size_t>(per_ms * ttl));
  }
  EXPECT_EQ(cache.size(), static_cast<size_t>(per_ms * ttl));
  EXPECT_TRUE(cache.remember("s", "late", 100 * ttl, ttl));
  EXPECT_EQ(cache.size(), 1u);
}

TEST(NonceCache, HardCapDropsTheOldest) {
  NonceCache cache(3);
  EXPECT_TRUE(cache.remember("s", "a", 0, kTtl));
  EXPECT_TRUE(cache.remember("s", "b", 1, kTtl));
  EXPECT_TRUE(cache.remember("s", "c", 2, kTtl));
  EXPECT_TRUE(cache.remember("s", "d", 3, kTtl));
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_FALSE(cache.remember("s", "d", 4, kTtl));
  EXPECT_FALSE(cache.remember("s", "c", 4, kTtl));
  EXPECT_TRUE(cache.remember("s", "a", 4, kTtl));  // dropped by the cap, so accepted again
}

TEST(NonceCache, ConcurrentCallersAcceptEachNonceOnce) {
  NonceCache cache;
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2'000; ++i) {
        if (cache.remember("s", std::to_string(i), 0, kTtl)) accepted.fetch_add(1);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(accepted.load(), 2'000);
}

}  // namespace
}  // namespace tg::signing
