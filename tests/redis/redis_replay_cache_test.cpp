// The Redis replay cache against a real Redis: one nonce use across clients, expiry, the capacity bound,
// scope/nonce bytes that cannot collide, and a race for one nonce.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "redis/redis_replay_cache.hpp"
#include "redis_fixture.hpp"

namespace tg::redis {
namespace {

using signing::ReplayVerdict;
using namespace std::chrono_literals;

constexpr int64_t kNow = 1'700'000'000'000;
constexpr int64_t kLifetime = 1'201'000;
constexpr std::size_t kRoomy = 1'000;

class RedisReplayCacheTest : public testing::RedisFixture {
 protected:
  RedisReplayCache::Options options() const { return {.key_prefix = prefix_, .on_error = {}}; }
};

TEST_F(RedisReplayCacheTest, ANonceFreshOnOneNodeIsAReplayOnAnother) {
  auto node_a = client();
  auto node_b = client();
  ASSERT_TRUE(node_a && node_b);
  RedisReplayCache cache_a(*node_a, options());
  RedisReplayCache cache_b(*node_b, options());
  EXPECT_FALSE(cache_b.seen("zego:12345", "nonce-1", kNow));
  EXPECT_EQ(cache_a.remember_once("zego:12345", "nonce-1", kNow + kLifetime, kNow, kRoomy), ReplayVerdict::kFresh);
  EXPECT_TRUE(cache_b.seen("zego:12345", "nonce-1", kNow));
  // Another node's clock, far off, changes nothing: expiry is on Redis's clock.
  EXPECT_EQ(cache_b.remember_once("zego:12345", "nonce-1", kLifetime, 0, kRoomy), ReplayVerdict::kReplay);
  EXPECT_EQ(cache_a.remember_once("zego:12345", "nonce-1", kNow + kLifetime, kNow, kRoomy), ReplayVerdict::kReplay);
  EXPECT_EQ(cache_b.remember_once("zego:12345", "nonce-2", kNow + kLifetime, kNow, kRoomy), ReplayVerdict::kFresh);
}

TEST_F(RedisReplayCacheTest, ANonceIsForgottenWhenItExpires) {
  auto node = client();
  ASSERT_TRUE(node);
  RedisReplayCache cache(*node, options());
  EXPECT_EQ(cache.remember_once("s", "n", kNow + 300, kNow, kRoomy), ReplayVerdict::kFresh);
  EXPECT_TRUE(cache.seen("s", "n", kNow));
  EXPECT_EQ(cache.remember_once("s", "n", kNow + 300, kNow, kRoomy), ReplayVerdict::kReplay);
  std::this_thread::sleep_for(450ms);
  EXPECT_FALSE(cache.seen("s", "n", kNow));
  EXPECT_EQ(cache.remember_once("s", "n", kNow + 60'000, kNow, kRoomy), ReplayVerdict::kFresh);
  // The scope's set lives as long as its last nonce.
  auto ttl = node->command({"PTTL", cache.redis_key("s")});
  ASSERT_TRUE(ttl) << ttl.error();
  EXPECT_GT((*ttl)->integer, 30'000);
  EXPECT_LE((*ttl)->integer, 60'000);
}

TEST_F(RedisReplayCacheTest, AnExpiryAtOrBeforeNowRecordsNothing) {
  auto node = client();
  ASSERT_TRUE(node);
  RedisReplayCache cache(*node, options());
  EXPECT_EQ(cache.remember_once("s", "n", kNow, kNow, kRoomy), ReplayVerdict::kFresh);
  EXPECT_EQ(cache.remember_once("s", "n", kNow - 5, kNow, kRoomy), ReplayVerdict::kFresh);
  EXPECT_FALSE(cache.seen("s", "n", kNow));
  EXPECT_EQ(cache.remember_once("s", "n", kNow + kLifetime, kNow, kRoomy), ReplayVerdict::kFresh);
}

TEST_F(RedisReplayCacheTest, AFullScopeRefusesNewNoncesAndRecordsNothing) {
  auto node = client();
  ASSERT_TRUE(node);
  RedisReplayCache cache(*node, options());
  for (const char* nonce : {"a", "b", "c"}) {
    EXPECT_EQ(cache.remember_once("zego:A", nonce, kNow + kLifetime, kNow, 3), ReplayVerdict::kFresh);
  }
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(cache.remember_once("zego:A", "flood-" + std::to_string(i), kNow + kLifetime, kNow, 3),
              ReplayVerdict::kFull);
  }
  EXPECT_FALSE(cache.seen("zego:A", "flood-0", kNow));
  // Nothing was forgotten: the held nonces are still replays, and another scope is unaffected.
  EXPECT_EQ(cache.remember_once("zego:A", "a", kNow + kLifetime, kNow, 3), ReplayVerdict::kReplay);
  EXPECT_EQ(cache.remember_once("zego:B", "flood-0", kNow + kLifetime, kNow, 3), ReplayVerdict::kFresh);
  auto held = node->command({"ZCARD", cache.redis_key("zego:A")});
  ASSERT_TRUE(held) << held.error();
  EXPECT_EQ((*held)->integer, 3);
}

TEST_F(RedisReplayCacheTest, ExpiredNoncesMakeRoomInAFullScope) {
  auto node = client();
  ASSERT_TRUE(node);
  RedisReplayCache cache(*node, options());
  EXPECT_EQ(cache.remember_once("s", "short", kNow + 200, kNow, 2), ReplayVerdict::kFresh);
  EXPECT_EQ(cache.remember_once("s", "long", kNow + kLifetime, kNow, 2), ReplayVerdict::kFresh);
  EXPECT_EQ(cache.remember_once("s", "next", kNow + kLifetime, kNow, 2), ReplayVerdict::kFull);
  std::this_thread::sleep_for(350ms);
  EXPECT_EQ(cache.remember_once("s", "next", kNow + kLifetime, kNow, 2), ReplayVerdict::kFresh);
}

TEST_F(RedisReplayCacheTest, ScopeAndNonceBytesCannotCollide) {
  auto node = client();
  ASSERT_TRUE(node);
  RedisReplayCache cache(*node, options());
  const std::string big(10 * 1024, 's');
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"a:b", "c"}, {"a", "b:c"}, {"a:", "bc"}, {"a", ":bc"}, {"1:a", "b"}, {"1", "a:b"}, {"", "1:a:b"},
      {std::string("a\0b", 3), "c"}, {"a", std::string("\0b:c", 4)}, {"*", "*"}, {"{x}", "{x}"},
      {"a\r\nb", "c\r\n"}, {big, "n"}, {big + "s", "n"}, {"n", big}};
  for (const auto& [scope, nonce] : pairs) {
    EXPECT_EQ(cache.remember_once(scope, nonce, kNow + kLifetime, kNow, kRoomy), ReplayVerdict::kFresh)
        << scope.size() << "/" << nonce.size();
  }
  for (const auto& [scope, nonce] : pairs) {
    EXPECT_EQ(cache.remember_once(scope, nonce, kNow + kLifetime, kNow, kRoomy), ReplayVerdict::kReplay)
        << scope.size() << "/" << nonce.size();
  }
}

TEST_F(RedisReplayCacheTest, OfManyRacingUsesOfOneNonceExactlyOneIsFresh) {
  auto node_a = client({.max_connections = 4});
  auto node_b = client({.max_connections = 4});
  ASSERT_TRUE(node_a && node_b);
  RedisReplayCache cache_a(*node_a, options());
  RedisReplayCache cache_b(*node_b, options());
  for (int round = 0; round < 20; ++round) {
    const std::string nonce = "race-" + std::to_string(round);
    std::atomic<int> fresh = 0;
    std::atomic<int> other = 0;
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      RedisReplayCache& cache = t % 2 == 0 ? cache_a : cache_b;
      threads.emplace_back([&] {
        const auto verdict = cache.remember_once("s", nonce, kNow + kLifetime, kNow, kRoomy);
        if (verdict == ReplayVerdict::kFresh) ++fresh;
        else if (verdict != ReplayVerdict::kReplay) ++other;
      });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(fresh.load(), 1) << nonce;
    EXPECT_EQ(other.load(), 0) << nonce;
  }
}

}  // namespace
}  // namespace tg::redis
