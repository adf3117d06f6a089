#include "adapters/common/sliding_window_limiter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace tg::adapters {
namespace {

TEST(SlidingWindowLimiter, TwentyAtTheSameMillisecondThenRefuses) {
  SlidingWindowLimiter limiter;
  for (int i = 0; i < 20; ++i) EXPECT_EQ(Admission::kAdmitted, limiter.try_acquire("zego:1", 5'000, 20)) << i;
  EXPECT_EQ(Admission::kRefused, limiter.try_acquire("zego:1", 5'000, 20));
  EXPECT_EQ(Admission::kRefused, limiter.try_acquire("zego:1", 5'999, 20));
  EXPECT_EQ(Admission::kAdmitted, limiter.try_acquire("zego:1", 6'000, 20));
}

TEST(SlidingWindowLimiter, SpreadOverTheWindowRefusesUntilTheFirstLeaves) {
  SlidingWindowLimiter limiter;
  for (int i = 0; i < 20; ++i) EXPECT_EQ(Admission::kAdmitted, limiter.try_acquire("k", i * 50, 20)) << i;
  EXPECT_EQ(Admission::kRefused, limiter.try_acquire("k", 960, 20));
  EXPECT_EQ(Admission::kRefused, limiter.try_acquire("k", 999, 20));
  EXPECT_EQ(Admission::kAdmitted, limiter.try_acquire("k", 1'000, 20));   // the call at 0 left (0 <= 1000 - 1000)
  EXPECT_EQ(Admission::kRefused, limiter.try_acquire("k", 1'000, 20));  // only one slot was freed
  EXPECT_EQ(Admission::kRefused, limiter.try_acquire("k", 1'049, 20));
  EXPECT_EQ(Admission::kAdmitted, limiter.try_acquire("k", 1'050, 20));
}

TEST(SlidingWindowLimiter, RefusedCallsDoNotConsume) {
  SlidingWindowLimiter limiter;
  EXPECT_EQ(Admission::kAdmitted, limiter.try_acquire("k", 0, 2));
  EXPECT_EQ(Admission::kAdmitted, limiter.try_acquire("k", 0, 2));
  for (int t = 1; t < 1'000; t += 7) EXPECT_EQ(Admission::kRefused, limiter.try_acquire("k", t, 2));
  EXPECT_EQ(Admission::kAdmitted, limiter.try_acquire("k", 1'000, 2));
  EXPECT_EQ(Admission::kAdmitted, limiter.try_acquire("k", 1'000, 2));
  EXPECT_EQ(Admission::kRefused, limiter.try_acquire("k", 1'000, 2));
}

TEST(SlidingWindowLimiter, NeverTwiceTheLimitAcrossABoundary) {
  SlidingWindowLimiter limiter;
  for (int i = 0; i < 10; ++i) EXPECT_EQ(Admission::kAdmitted, limiter.try_acquire("k", 900, 20));
  for (int i = 0; i < 10; ++i) EXPECT_EQ(Admission::kAdmitted, limiter.try_acquire("k", 1'100, 20));
  EXPECT_EQ(Admission::kRefused, limiter.try_acquire("k", 1'101, 20));
  EXPECT_EQ(Admission::kRefused, limiter.try_acquire("k", 1'500, 20));
  EXPECT_EQ(Admission::kRefused, limiter.try_acquire("k", 1'899, 20));
  for (int i = 0; i < 10; ++i) EXPECT_EQ(Admission::kAdmitted, limiter.try_acquire("k", 1'901, 20)) << i;
  EXPECT_EQ(Admission::kRefused, limiter.try_acquire("k", 1'901, 20));
}

TEST(SlidingWindowLimiter, KeysAreIndependent) {
  SlidingWindowLimiter limiter;
  EXPECT_EQ(Admission::kAdmitted, limiter.try_acquire("a", 0, 1));
  EXPECT_EQ(Admission::kRefused, limiter.try_acquire("a", 0, 1));
  EXPECT_EQ(Admission::kAdmitted, limiter.try_acquire("b", 0, 1));
  EXPECT_EQ(Admission::kAdmitted, limiter.try_acquire("c", 0, 1));
}

TEST(SlidingWindowLimiter, CustomWindowAndInvalidArguments) {
  SlidingWindowLimiter limiter;
  EXPECT_EQ(Admission::kAdmitted, limiter.try_acquire("k", 0, 1, 60'000));
  EXPECT_EQ(Admission::kRefused, limiter.try_acquire("k", 59'999, 1, 60'000));
  EXPECT_EQ(Admission::kAdmitted, limiter.try_acquire("k", 60'000, 1, 60'000));
  EXPECT_EQ(Admission::kRefused, limiter.try_acquire("z", 0, 0));
  EXPECT_EQ(Admission::kRefused, limiter.try_acquire("z", 0, -1));
  EXPECT_EQ(Admission::kRefused, limiter.try_acquire("z", 0, 5, 0));
}

TEST(SlidingWindowLimiter, LoweredLimitStillRefuses) {
  SlidingWindowLimiter limiter;
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Admission::kAdmitted, limiter.try_acquire("k", 0, 5));
  EXPECT_EQ(Admission::kRefused, limiter.try_acquire("k", 10, 3));
}

TEST(SlidingWindowLimiter, EarlierTimestampCountsAsTheNewest) {
  SlidingWindowLimiter limiter;
  EXPECT_EQ(Admission::kAdmitted, limiter.try_acquire("k", 1'000, 1));
  EXPECT_EQ(Admission::kRefused, limiter.try_acquire("k", 500, 1));  // a clock behind must not reopen the window
  EXPECT_EQ(Admission::kRefused, limiter.try_acquire("k", 1'999, 1));
  EXPECT_EQ(Admission::kAdmitted, limiter.try_acquire("k", 2'000, 1));
}

TEST(SlidingWindowLimiter, UsableThroughTheRateLimiterInterface) {
  std::unique_ptr<RateLimiter> limiter = std::make_unique<SlidingWindowLimiter>();
  EXPECT_EQ(Admission::kAdmitted, limiter->try_acquire("k", 0, 1));
  EXPECT_EQ(Admission::kRefused, limiter->try_acquire("k", 999, 1));
  EXPECT_EQ(Admission::kAdmitted, limiter->try_acquire("k", 1'000, 1));
}

TEST(SlidingWindowLimiter, IdleKeysAreDropped) {
  SlidingWindowLimiter limiter;
  constexpr int kKeysPerRound = 1'000;
  constexpr int kRounds = 10;
  for (int round = 0; round < kRounds; ++round) {
    for (int i = 0; i < kKeysPerRound; ++i) {
      ASSERT_EQ(Admission::kAdmitted, limiter.try_acquire("r" + std::to_string(round) + "-" + std::to_string(i),
                                      round * 2'000, 20));
    }
  }
  // Without dropping, 10,000 keys would be held; only about the last two rounds may remain.
  EXPECT_LT(limiter.tracked_keys(), static_cast<size_t>(3 * kKeysPerRound));
  EXPECT_GE(limiter.tracked_keys(), static_cast<size_t>(kKeysPerRound));
}

// Threads call in lock-step phases (same time within a phase, time advancing between phases),
// far more often than the limit allows; the accepted count per phase must equal what an exact
// sliding window allows, so no window ever holds more than `limit`.
TEST(SlidingWindowLimiter, ConcurrentHammerNeverExceedsTheLimit) {
  constexpr int kThreads = 4;
  constexpr int kCallsPerThreadPerPhase = 12;
  constexpr int kPhases = 120;
  constexpr int64_t kStepMs = 70;
  constexpr int64_t kWindowMs = 1'000;
  constexpr int kLimit = 20;
  const std::vector<std::string> keys = {"zego:1", "zego:2", "tencent:AKID"};

  SlidingWindowLimiter limiter;
  std::vector<std::vector<std::atomic<int>>> accepted(keys.size());
  for (auto& per_key : accepted) per_key = std::vector<std::atomic<int>>(kPhases);
  std::barrier sync(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int phase = 0; phase < kPhases; ++phase) {
        const int64_t now = phase * kStepMs;
        for (int c = 0; c < kCallsPerThreadPerPhase; ++c) {
          for (size_t k = 0; k < keys.size(); ++k) {
            if (limiter.try_acquire(keys[k], now, kLimit, kWindowMs) == Admission::kAdmitted)
              accepted[k][phase].fetch_add(1);
          }
        }
        sync.arrive_and_wait();
      }
    });
  }
  for (auto& th : threads) th.join();

  for (size_t k = 0; k < keys.size(); ++k) {
    int total = 0;
    for (int phase = 0; phase < kPhases; ++phase) {
      const int64_t now = phase * kStepMs;
      int in_window = 0;  // accepted in (now - window, now], earlier phases
      for (int p = 0; p < phase; ++p) {
        if (p * kStepMs > now - kWindowMs) in_window += accepted[k][p].load();
      }
      const int offered = kThreads * kCallsPerThreadPerPhase;
      const int expected = std::min(offered, kLimit - in_window);
      EXPECT_EQ(accepted[k][phase].load(), expected) << keys[k] << " phase " << phase;
      EXPECT_LE(in_window + accepted[k][phase].load(), kLimit);
      total += accepted[k][phase].load();
    }
    EXPECT_GT(total, kLimit * 5);
  }
}

}  // namespace
}  // namespace tg::adapters
