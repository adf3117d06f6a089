// The Redis call admission against a real Redis: a signed call's nonce and rate limit decided in one
// script, on the same keys as the replay cache and the limiter; the order of the checks (a replay spends
// no rate, a refused call uses up no nonce, a full scope records nothing); races between two nodes.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "redis/redis_call_admission.hpp"
#include "redis/redis_rate_limiter.hpp"
#include "redis/redis_replay_cache.hpp"
#include "redis_fixture.hpp"

namespace tg::redis {
namespace {

using adapters::CallClaim;
using adapters::CallVerdict;
using adapters::RateCharge;
using namespace std::chrono_literals;

constexpr int64_t kNow = 1'700'000'000'000;
constexpr int64_t kLifetime = 1'201'000;
constexpr std::size_t kRoomy = 1'000;

class RedisCallAdmissionTest : public testing::RedisFixture {
 protected:
  RedisCallAdmission::Options options() const { return {.key_prefix = prefix_, .on_error = {}}; }

  static CallClaim claim(const std::string& nonce, int limit, int64_t window_ms = 1000, std::size_t capacity = kRoomy,
                         int64_t lifetime_ms = kLifetime) {
    return CallClaim{.scope = "zego:1",
                     .nonce = nonce,
                     .expires_ms = kNow + lifetime_ms,
                     .capacity = capacity,
                     .charge = RateCharge{.key = "zego:1", .limit = limit, .window_ms = window_ms}};
  }
};

TEST_F(RedisCallAdmissionTest, AnAdmittedCallIsANonceUseAndARateCallOnTheSharedKeys) {
  auto node_a = client();
  auto node_b = client();
  ASSERT_TRUE(node_a && node_b);
  RedisCallAdmission admission_a(*node_a, options());
  RedisCallAdmission admission_b(*node_b, options());
  EXPECT_EQ(admission_a.admit(claim("n-1", 2), kNow), CallVerdict::kAdmitted);
  EXPECT_EQ(admission_b.admit(claim("n-1", 2), kNow), CallVerdict::kReplay);
  // The replay cache and the limiter of another process read and count the same sets.
  RedisReplayCache cache(*node_b, {.key_prefix = prefix_, .on_error = {}});
  RedisRateLimiter limiter(*node_b, {.key_prefix = prefix_, .on_error = {}});
  EXPECT_TRUE(cache.seen("zego:1", "n-1", kNow));
  EXPECT_EQ(limiter.try_acquire("zego:1", kNow, 2), adapters::Admission::kAdmitted);
  EXPECT_EQ(admission_b.admit(claim("n-2", 2), kNow), CallVerdict::kRateLimited);
  EXPECT_FALSE(cache.seen("zego:1", "n-2", kNow));
}

TEST_F(RedisCallAdmissionTest, AReplaySpendsNoRateAndARefusedCallUsesUpNoNonce) {
  auto node = client();
  ASSERT_TRUE(node);
  RedisCallAdmission admission(*node, options());
  EXPECT_EQ(admission.admit(claim("first", 2, 400), kNow), CallVerdict::kAdmitted);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(admission.admit(claim("first", 2, 400), kNow), CallVerdict::kReplay);
  EXPECT_EQ(admission.admit(claim("second", 2, 400), kNow), CallVerdict::kAdmitted);
  EXPECT_EQ(admission.admit(claim("third", 2, 400), kNow), CallVerdict::kRateLimited);
  EXPECT_EQ(admission.admit(claim("third", 2, 400), kNow), CallVerdict::kRateLimited);
  std::this_thread::sleep_for(550ms);
  // The window passed: the refused nonce is still unused, the admitted ones still replays.
  EXPECT_EQ(admission.admit(claim("third", 2, 400), kNow), CallVerdict::kAdmitted);
  EXPECT_EQ(admission.admit(claim("first", 2, 400), kNow), CallVerdict::kReplay);
}

TEST_F(RedisCallAdmissionTest, AFullScopeRecordsNothingAndCountsNothing) {
  auto node = client();
  ASSERT_TRUE(node);
  RedisCallAdmission admission(*node, options());
  EXPECT_EQ(admission.admit(claim("a", 10, 1000, 2), kNow), CallVerdict::kAdmitted);
  EXPECT_EQ(admission.admit(claim("b", 10, 1000, 2), kNow), CallVerdict::kAdmitted);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(admission.admit(claim("flood-" + std::to_string(i), 10, 1000, 2), kNow), CallVerdict::kNoncesFull);
  }
  RedisReplayCache cache(*node, {.key_prefix = prefix_, .on_error = {}});
  RedisRateLimiter limiter(*node, {.key_prefix = prefix_, .on_error = {}});
  EXPECT_FALSE(cache.seen("zego:1", "flood-0", kNow));
  auto counted = node->command({"ZCARD", limiter.redis_key("zego:1")});
  ASSERT_TRUE(counted) << counted.error();
  EXPECT_EQ((*counted)->integer, 2);
  auto held = node->command({"ZCARD", cache.redis_key("zego:1")});
  ASSERT_TRUE(held) << held.error();
  EXPECT_EQ((*held)->integer, 2);
}

TEST_F(RedisCallAdmissionTest, WithoutAChargeOnlyTheNonceIsChecked) {
  auto node = client();
  ASSERT_TRUE(node);
  RedisCallAdmission admission(*node, options());
  const CallClaim plain{.scope = "s", .nonce = "n", .expires_ms = kNow + kLifetime, .capacity = kRoomy, .charge = {}};
  EXPECT_EQ(admission.admit(plain, kNow), CallVerdict::kAdmitted);
  EXPECT_EQ(admission.admit(plain, kNow), CallVerdict::kReplay);
}

TEST_F(RedisCallAdmissionTest, AnExpiredNonceIsNeitherCheckedNorKeptButTheCallIsCharged) {
  auto node = client();
  ASSERT_TRUE(node);
  RedisCallAdmission admission(*node, options());
  EXPECT_EQ(admission.admit(claim("old", 2, 1000, kRoomy, 0), kNow), CallVerdict::kAdmitted);
  EXPECT_EQ(admission.admit(claim("old", 2, 1000, kRoomy, -5), kNow), CallVerdict::kAdmitted);
  EXPECT_EQ(admission.admit(claim("old", 2, 1000, kRoomy, 0), kNow), CallVerdict::kRateLimited);
  RedisReplayCache cache(*node, {.key_prefix = prefix_, .on_error = {}});
  EXPECT_FALSE(cache.seen("zego:1", "old", kNow));
}

TEST_F(RedisCallAdmissionTest, ANonPositiveLimitOrWindowAdmitsNothing) {
  auto node = client();
  ASSERT_TRUE(node);
  RedisCallAdmission admission(*node, options());
  EXPECT_EQ(admission.admit(claim("z1", 0), kNow), CallVerdict::kRateLimited);
  EXPECT_EQ(admission.admit(claim("z2", -3), kNow), CallVerdict::kRateLimited);
  EXPECT_EQ(admission.admit(claim("z3", 5, 0), kNow), CallVerdict::kRateLimited);
  EXPECT_EQ(admission.admit(claim("z4", 5, -1000), kNow), CallVerdict::kRateLimited);
  EXPECT_EQ(admission.admit(claim("z1", 5), kNow), CallVerdict::kAdmitted);
}

TEST_F(RedisCallAdmissionTest, OfManyRacingCallsFromTwoNodesExactlyTheLimitIsAdmittedAndEachNonceOnce) {
  auto node_a = client({.max_connections = 4});
  auto node_b = client({.max_connections = 4});
  ASSERT_TRUE(node_a && node_b);
  RedisCallAdmission admission_a(*node_a, options());
  RedisCallAdmission admission_b(*node_b, options());
  constexpr int kLimit = 20;
  std::atomic<int> admitted = 0;
  std::atomic<int> replays = 0;
  std::atomic<int> limited = 0;
  std::atomic<int> other = 0;
  std::vector<std::thread> threads;
  // Eight threads, each sending the same 15 nonces: 15 distinct nonces fit the limit, every repeat is a replay.
  for (int t = 0; t < 8; ++t) {
    RedisCallAdmission& admission = t % 2 == 0 ? admission_a : admission_b;
    threads.emplace_back([&] {
      for (int i = 0; i < 15; ++i) {
        switch (admission.admit(claim("same-" + std::to_string(i), kLimit, 60'000), kNow)) {
          case CallVerdict::kAdmitted: ++admitted; break;
          case CallVerdict::kReplay: ++replays; break;
          case CallVerdict::kRateLimited: ++limited; break;
          default: ++other;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(admitted.load(), 15);
  EXPECT_EQ(replays.load(), 8 * 15 - 15);
  EXPECT_EQ(limited.load(), 0);
  EXPECT_EQ(other.load(), 0);
  threads.clear();
  // Then forty distinct nonces at once: exactly the five calls left in the limit are admitted.
  admitted = 0;
  for (int t = 0; t < 8; ++t) {
    RedisCallAdmission& admission = t % 2 == 0 ? admission_a : admission_b;
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        switch (admission.admit(claim("distinct-" + std::to_string(t) + "-" + std::to_string(i), kLimit, 60'000),
                                kNow)) {
          case CallVerdict::kAdmitted: ++admitted; break;
          case CallVerdict::kRateLimited: ++limited; break;
          default: ++other;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(admitted.load(), kLimit - 15);
  EXPECT_EQ(limited.load(), 40 - (kLimit - 15));
  EXPECT_EQ(other.load(), 0);
}

TEST_F(RedisCallAdmissionTest, HostileScopesNoncesAndKeysAreKeptVerbatimAndApart) {
  auto node = client();
  ASSERT_TRUE(node);
  RedisCallAdmission admission(*node, options());
  const std::string big(10 * 1024, 'n');
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"a:b", "c"}, {"a", "b:c"}, {"1:a", "b"}, {"1", "a:b"}, {std::string("a\0b", 3), "c"},
      {"z", std::string("\0b:c", 4)}, {"{x}", "*"}, {"a\r\nb", "c\r\n"}, {"s", big}, {big, "s"}};
  const auto claim_of = [](const std::string& scope, const std::string& nonce) {
    return CallClaim{.scope = scope,
                     .nonce = nonce,
                     .expires_ms = kNow + kLifetime,
                     .capacity = kRoomy,
                     .charge = RateCharge{.key = scope, .limit = 1, .window_ms = 60'000}};
  };
  // Each scope is its own rate key with a limit of one: a collision would show as kRateLimited or kReplay.
  for (const auto& [scope, nonce] : pairs) {
    EXPECT_EQ(admission.admit(claim_of(scope, nonce), kNow), CallVerdict::kAdmitted) << scope.size() << "/" << nonce.size();
  }
  for (const auto& [scope, nonce] : pairs) {
    EXPECT_EQ(admission.admit(claim_of(scope, nonce), kNow), CallVerdict::kReplay) << scope.size() << "/" << nonce.size();
  }
}

}  // namespace
}  // namespace tg::redis
