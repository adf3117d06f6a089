#include "signing/nonce_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace tg::signing {
namespace {

constexpr int64_t kLifetime = 600'000;
constexpr std::size_t kRoomy = 1'000'000;

TEST(NonceCache, ReplayBeforeExpiryIsRefused) {
  NonceCache cache;
  EXPECT_EQ(cache.remember_once("zego:12345", "4fd24687296dd9f3", 1'000 + kLifetime, 1'000, kRoomy),
            ReplayVerdict::kFresh);
  EXPECT_EQ(cache.remember_once("zego:12345", "4fd24687296dd9f3", 2'000 + kLifetime, 1'000, kRoomy),
            ReplayVerdict::kReplay);
  EXPECT_EQ(cache.remember_once("zego:12345", "4fd24687296dd9f3", 2'000 + kLifetime, kLifetime, kRoomy),
            ReplayVerdict::kReplay);
  EXPECT_EQ(cache.remember_once("zego:12345", "other", 1'001 + kLifetime, 1'001, kRoomy), ReplayVerdict::kFresh);
}

TEST(NonceCache, AcceptedAgainAtExpiry) {
  NonceCache cache;
  EXPECT_EQ(cache.remember_once("s", "n", 601'000, 1'000, kRoomy), ReplayVerdict::kFresh);
  EXPECT_TRUE(cache.seen("s", "n", 600'999));
  EXPECT_FALSE(cache.seen("s", "n", 601'000));
  EXPECT_EQ(cache.remember_once("s", "n", 1'201'000, 601'000, kRoomy), ReplayVerdict::kFresh);
  // And it is remembered again from then on.
  EXPECT_EQ(cache.remember_once("s", "n", 1'201'000, 601'001, kRoomy), ReplayVerdict::kReplay);
}

TEST(NonceCache, ExpiriesAreRoundedUpToTheSecondNeverDown) {
  NonceCache cache;
  EXPECT_EQ(cache.remember_once("s", "n", 1'500, 0, kRoomy), ReplayVerdict::kFresh);
  EXPECT_TRUE(cache.seen("s", "n", 1'999));
  EXPECT_FALSE(cache.seen("s", "n", 2'000));
}

TEST(NonceCache, ScopesAreIndependent) {
  NonceCache cache;
  EXPECT_EQ(cache.remember_once("zego:1", "n", kLifetime, 0, kRoomy), ReplayVerdict::kFresh);
  EXPECT_EQ(cache.remember_once("zego:2", "n", kLifetime, 0, kRoomy), ReplayVerdict::kFresh);
  EXPECT_EQ(cache.remember_once("tencent:AKID", "n", kLifetime, 0, kRoomy), ReplayVerdict::kFresh);
  // Concatenation ambiguity must not merge different pairs.
  EXPECT_EQ(cache.remember_once("a:b", "c", kLifetime, 0, kRoomy), ReplayVerdict::kFresh);
  EXPECT_EQ(cache.remember_once("a", "b:c", kLifetime, 0, kRoomy), ReplayVerdict::kFresh);
  EXPECT_EQ(cache.remember_once("a:", "bc", kLifetime, 0, kRoomy), ReplayVerdict::kFresh);
  EXPECT_EQ(cache.remember_once("zego:2", "n", kLifetime, 1, kRoomy), ReplayVerdict::kReplay);
}

TEST(NonceCache, ExpiryAtOrBeforeNowRecordsNothing) {
  NonceCache cache;
  EXPECT_EQ(cache.remember_once("s", "n", 0, 0, kRoomy), ReplayVerdict::kFresh);
  EXPECT_EQ(cache.remember_once("s", "n", -5, 0, kRoomy), ReplayVerdict::kFresh);
  EXPECT_EQ(cache.size(), 0u);
}

TEST(NonceCache, SeenPeeksWithoutRecording) {
  NonceCache cache;
  EXPECT_FALSE(cache.seen("s", "n", 0));
  EXPECT_FALSE(cache.seen("s", "n", 0));
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.remember_once("s", "n", kLifetime, 0, kRoomy), ReplayVerdict::kFresh);
  EXPECT_TRUE(cache.seen("s", "n", 1));
  EXPECT_FALSE(cache.seen("t", "n", 1));
}

TEST(NonceCache, AFullScopeRefusesNewNoncesAndForgetsNone) {
  NonceCache cache;
  EXPECT_EQ(cache.remember_once("s", "a", kLifetime, 0, 3), ReplayVerdict::kFresh);
  EXPECT_EQ(cache.remember_once("s", "b", kLifetime + 1'000, 1, 3), ReplayVerdict::kFresh);
  EXPECT_EQ(cache.remember_once("s", "c", kLifetime + 2'000, 2, 3), ReplayVerdict::kFresh);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(cache.remember_once("s", "flood-" + std::to_string(i), kLifetime + 3'000, 3, 3), ReplayVerdict::kFull);
  }
  EXPECT_EQ(cache.size("s"), 3u);
  // The soonest-expiring nonce is still remembered: a replay of it is refused.
  EXPECT_EQ(cache.remember_once("s", "a", kLifetime, 4, 3), ReplayVerdict::kReplay);
  EXPECT_TRUE(cache.seen("s", "a", kLifetime - 1));
  EXPECT_EQ(cache.remember_once("s", "c", kLifetime, 4, 3), ReplayVerdict::kReplay);
  EXPECT_FALSE(cache.seen("s", "flood-0", 5));
}

TEST(NonceCache, AFullScopeLeavesOtherScopesAlone) {
  NonceCache cache;
  EXPECT_EQ(cache.remember_once("zego:B", "captured", 10'000, 0, 3), ReplayVerdict::kFresh);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(cache.remember_once("zego:A", std::to_string(i), kLifetime, 0, 3), ReplayVerdict::kFresh);
  }
  EXPECT_EQ(cache.remember_once("zego:A", "more", kLifetime, 0, 3), ReplayVerdict::kFull);
  EXPECT_EQ(cache.remember_once("zego:B", "captured", 10'000, 1, 3), ReplayVerdict::kReplay);
  EXPECT_EQ(cache.remember_once("zego:B", "next", 10'000, 1, 3), ReplayVerdict::kFresh);
}

TEST(NonceCache, ExpiredEntriesMakeRoomAgain) {
  NonceCache cache;
  for (const char* n : {"a", "b", "c"}) EXPECT_EQ(cache.remember_once("s", n, 10'000, 0, 3), ReplayVerdict::kFresh);
  EXPECT_EQ(cache.remember_once("s", "d", 20'000, 9'999, 3), ReplayVerdict::kFull);
  EXPECT_EQ(cache.remember_once("s", "d", 20'000, 10'000, 3), ReplayVerdict::kFresh);
  EXPECT_EQ(cache.size("s"), 1u);
  EXPECT_EQ(cache.remember_once("s", "a", 20'000, 10'001, 3), ReplayVerdict::kFresh);
}

TEST(NonceCache, MaxPerScopeBoundsTheAskedCapacity) {
  NonceCache cache(2);
  EXPECT_EQ(cache.remember_once("s", "a", kLifetime, 0, kRoomy), ReplayVerdict::kFresh);
  EXPECT_EQ(cache.remember_once("s", "b", kLifetime, 0, kRoomy), ReplayVerdict::kFresh);
  EXPECT_EQ(cache.remember_once("s", "c", kLifetime, 0, kRoomy), ReplayVerdict::kFull);
  EXPECT_EQ(cache.remember_once("t", "c", kLifetime, 0, kRoomy), ReplayVerdict::kFresh);
}

TEST(NonceCache, TrafficAtTheRateLimitNeverFillsItsScope) {
  NonceCache cache;
  // 10 calls every ms (10,000 a second), each remembered for up to a second.
  const int64_t lifetime = 1'000;
  const std::size_t capacity = replay_capacity(10'000, 1'000, lifetime);
  for (int64_t t = 0; t < 10 * lifetime; ++t) {
    for (int i = 0; i < 10; ++i) {
      ASSERT_EQ(cache.remember_once("s", std::to_string(t) + "-" + std::to_string(i), t + lifetime, t, capacity),
                ReplayVerdict::kFresh)
          << "t=" << t;
    }
    ASSERT_LE(cache.size("s"), capacity);
  }
  // Nothing unexpired is left after a long pause: the next call finds the scope empty.
  EXPECT_EQ(cache.remember_once("s", "late", 101 * lifetime, 100 * lifetime, capacity), ReplayVerdict::kFresh);
  EXPECT_EQ(cache.size("s"), 1u);
}

TEST(NonceCache, IdleScopesAreDropped) {
  NonceCache cache;
  for (const char* scope : {"a", "b", "c"}) {
    EXPECT_EQ(cache.remember_once(scope, "n", 10'000, 0, kRoomy), ReplayVerdict::kFresh);
  }
  EXPECT_EQ(cache.scope_count(), 3u);
  EXPECT_EQ(cache.remember_once("d", "n", 200'000, 100'000, kRoomy), ReplayVerdict::kFresh);
  EXPECT_EQ(cache.scope_count(), 1u);
  EXPECT_FALSE(cache.seen("a", "n", 100'000));
}

TEST(NonceCache, EntriesTakeAtMost32BytesOfTable) {
  NonceCache cache;
  const std::size_t entries = 100'000;
  for (std::size_t i = 0; i < entries; ++i) {
    ASSERT_EQ(cache.remember_once("s", std::to_string(i), kLifetime, 0, kRoomy), ReplayVerdict::kFresh);
  }
  EXPECT_EQ(cache.size(), entries);
  EXPECT_LE(cache.table_bytes(), 32 * entries);
  for (std::size_t i = 0; i < entries; i += 997) {
    EXPECT_EQ(cache.remember_once("s", std::to_string(i), kLifetime, 1, kRoomy), ReplayVerdict::kReplay);
  }
}

TEST(NonceCache, ConcurrentCallersAcceptEachNonceOnce) {
  NonceCache cache;
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2'000; ++i) {
        if (cache.remember_once("s", std::to_string(i), kLifetime, 0, kRoomy) == ReplayVerdict::kFresh) {
          accepted.fetch_add(1);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(accepted.load(), 2'000);
}

TEST(ReplayCapacity, IsTheRateLimitTimesTheLongestLifetime) {
  // ZEGO: 20 calls a second, a nonce remembered until its Timestamp (up to 600 s ahead) leaves the window.
  EXPECT_EQ(replay_capacity(20, 1'000, 1'201'000), 20u * 1'202u);
  // VOD: 100 calls a minute, the Timestamp up to 2 hours ahead.
  EXPECT_EQ(replay_capacity(100, 60'000, 14'401'000), 100u * 241u);
  EXPECT_EQ(replay_capacity(1, 1'000, 0), 1u);
  EXPECT_EQ(replay_capacity(0, 1'000, 1'000), 1u);
  EXPECT_GT(replay_capacity(1'000'000, 1, 1'000'000'000'000), 1'000'000u);
}

}  // namespace
}  // namespace tg::signing
