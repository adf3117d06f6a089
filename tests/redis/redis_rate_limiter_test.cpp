// The Redis rate limiter against a real Redis: exact limits across threads and processes' clients, refused
// calls not counted, the window passing, independent keys and hostile key bytes.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "redis/redis_rate_limiter.hpp"
#include "redis_fixture.hpp"

namespace tg::redis {
namespace {

using adapters::Admission;
using namespace std::chrono_literals;

class RedisRateLimiterTest : public testing::RedisFixture {
 protected:
  RedisRateLimiter::Options options() const { return {.key_prefix = prefix_, .on_error = {}}; }
};

TEST_F(RedisRateLimiterTest, ExactlyTheLimitOfManyConcurrentCallsFromTwoNodesIsAdmitted) {
  // Two clients stand for two gateway processes, with clocks far apart: the limit holds on Redis's clock.
  auto node_a = client({.max_connections = 3});
  auto node_b = client({.max_connections = 3});
  ASSERT_TRUE(node_a && node_b);
  RedisRateLimiter limiter_a(*node_a, options());
  RedisRateLimiter limiter_b(*node_b, options());
  constexpr int kLimit = 37;
  constexpr int kThreadsPerNode = 4;
  constexpr int kCallsPerThread = 30;
  std::atomic<int> admitted = 0;
  std::atomic<int> refused = 0;
  std::atomic<int> unavailable = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 2 * kThreadsPerNode; ++t) {
    RedisRateLimiter& limiter = t % 2 == 0 ? limiter_a : limiter_b;
    const int64_t skewed_now = t % 2 == 0 ? 0 : int64_t{4'000'000'000'000};
    threads.emplace_back([&, skewed_now] {
      for (int i = 0; i < kCallsPerThread; ++i) {
        switch (limiter.try_acquire("zego:1", skewed_now + i, kLimit, 60'000)) {
          case Admission::kAdmitted: ++admitted; break;
          case Admission::kRefused: ++refused; break;
          case Admission::kUnavailable: ++unavailable; break;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(admitted.load(), kLimit);
  EXPECT_EQ(refused.load(), 2 * kThreadsPerNode * kCallsPerThread - kLimit);
  EXPECT_EQ(unavailable.load(), 0);
}

TEST_F(RedisRateLimiterTest, ARefusedCallIsNotCountedAndTheWindowPasses) {
  auto node = client();
  ASSERT_TRUE(node);
  RedisRateLimiter limiter(*node, options());
  constexpr int64_t kWindowMs = 1'000;
  EXPECT_EQ(limiter.try_acquire("k", 0, 2, kWindowMs), Admission::kAdmitted);
  EXPECT_EQ(limiter.try_acquire("k", 0, 2, kWindowMs), Admission::kAdmitted);
  std::this_thread::sleep_for(500ms);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(limiter.try_acquire("k", 0, 2, kWindowMs), Admission::kRefused);
  // The two admitted calls have left the window, the refused ones (had they counted) would not have.
  std::this_thread::sleep_for(650ms);
  EXPECT_EQ(limiter.try_acquire("k", 0, 2, kWindowMs), Admission::kAdmitted);
  EXPECT_EQ(limiter.try_acquire("k", 0, 2, kWindowMs), Admission::kAdmitted);
  EXPECT_EQ(limiter.try_acquire("k", 0, 2, kWindowMs), Admission::kRefused);
}

TEST_F(RedisRateLimiterTest, DifferentKeysAreIndependentAndIdleKeysExpire) {
  auto node = client();
  ASSERT_TRUE(node);
  RedisRateLimiter limiter(*node, options());
  EXPECT_EQ(limiter.try_acquire("zego:1", 0, 1, 60'000), Admission::kAdmitted);
  EXPECT_EQ(limiter.try_acquire("zego:1", 0, 1, 60'000), Admission::kRefused);
  EXPECT_EQ(limiter.try_acquire("zego:2", 0, 1, 60'000), Admission::kAdmitted);
  EXPECT_EQ(limiter.try_acquire("tencent_vod:AKID", 0, 1, 60'000), Admission::kAdmitted);
  // A limit lowered since the last call still refuses; no limit or no window refuses without asking Redis.
  EXPECT_EQ(limiter.try_acquire("zego:2", 0, 0, 60'000), Admission::kRefused);
  EXPECT_EQ(limiter.try_acquire("zego:3", 0, 5, 0), Admission::kRefused);
  auto ttl = node->command({"PTTL", limiter.redis_key("zego:1")});
  ASSERT_TRUE(ttl) << ttl.error();
  EXPECT_GT((*ttl)->integer, 0);
  EXPECT_LE((*ttl)->integer, 60'001);
  auto absent = node->command({"EXISTS", limiter.redis_key("zego:3")});
  ASSERT_TRUE(absent) << absent.error();
  EXPECT_EQ((*absent)->integer, 0);
}

TEST_F(RedisRateLimiterTest, HostileKeysWorkAndDoNotCollide) {
  auto node = client();
  ASSERT_TRUE(node);
  RedisRateLimiter limiter(*node, options());
  const std::string big(10 * 1024, 'k');
  const std::vector<std::string> keys = {std::string("\0\x01\xff", 3), std::string("\0", 1), "", "*", "?", "[a-z]",
                                         "{}", "{zego}:1", "a\r\nb", "a\nb", "a\r\n*1\r\n$4\r\nPING\r\n", big,
                                         big + "x", "zego:1", "zego:1 ", "ZEGO:1"};
  for (const auto& key : keys) EXPECT_EQ(limiter.try_acquire(key, 0, 1, 60'000), Admission::kAdmitted) << key.size();
  for (const auto& key : keys) EXPECT_EQ(limiter.try_acquire(key, 0, 1, 60'000), Admission::kRefused) << key.size();
  for (const auto& key : keys) {
    auto held = node->command({"ZCARD", limiter.redis_key(key)});
    ASSERT_TRUE(held) << held.error();
    EXPECT_EQ((*held)->integer, 1) << key.size();
  }
}

TEST_F(RedisRateLimiterTest, ScriptsAreLoadedAgainAfterScriptFlush) {
  auto node = client();
  ASSERT_TRUE(node);
  RedisRateLimiter limiter(*node, options());
  EXPECT_EQ(limiter.try_acquire("k", 0, 2, 60'000), Admission::kAdmitted);
  auto flushed = node->command({"SCRIPT", "FLUSH"});
  ASSERT_TRUE(flushed) << flushed.error();
  EXPECT_EQ(limiter.try_acquire("k", 0, 2, 60'000), Admission::kAdmitted);
  EXPECT_EQ(limiter.try_acquire("k", 0, 2, 60'000), Admission::kRefused);
}

}  // namespace
}  // namespace tg::redis
