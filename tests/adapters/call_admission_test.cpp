// SeparateCallAdmission: a nonce cache and a limiter asked in turn, in the order every vendor relies on.

#include "adapters/common/call_admission.hpp"

#include <gtest/gtest.h>

#include <string>

#include "adapters/unavailable_stores.hpp"
#include "signing/nonce_cache.hpp"

namespace tg::adapters {
namespace {

constexpr int64_t kNow = 1'700'000'000'000;

CallClaim claim(std::string_view nonce, std::size_t capacity = 100) {
  return CallClaim{.scope = "vendor:key",
                   .nonce = nonce,
                   .expires_ms = kNow + 60'000,
                   .capacity = capacity,
                   .charge = RateCharge{.key = "vendor:key", .limit = 7, .window_ms = 2000}};
}

TEST(SeparateCallAdmission, AdmitsAFreshNonceAndChargesTheRateOnce) {
  signing::NonceCache nonces;
  testing::ScriptedLimiter limiter;
  SeparateCallAdmission admission(nonces, limiter);
  EXPECT_EQ(admission.admit(claim("n"), kNow), CallVerdict::kAdmitted);
  EXPECT_EQ(limiter.asked, 1);
  EXPECT_EQ(limiter.last_key, "vendor:key");
  EXPECT_EQ(limiter.last_limit, 7);
  EXPECT_EQ(limiter.last_window_ms, 2000);
  EXPECT_TRUE(nonces.seen("vendor:key", "n", kNow));
}

TEST(SeparateCallAdmission, AReplayIsAnsweredBeforeTheLimiterIsAsked) {
  signing::NonceCache nonces;
  testing::ScriptedLimiter limiter;
  SeparateCallAdmission admission(nonces, limiter);
  ASSERT_EQ(admission.admit(claim("n"), kNow), CallVerdict::kAdmitted);
  limiter.answer = Admission::kRefused;
  EXPECT_EQ(admission.admit(claim("n"), kNow), CallVerdict::kReplay);
  EXPECT_EQ(limiter.asked, 1);
}

TEST(SeparateCallAdmission, ARefusedOrUndecidedLimitUsesUpNoNonce) {
  signing::NonceCache nonces;
  testing::ScriptedLimiter limiter;
  SeparateCallAdmission admission(nonces, limiter);
  limiter.answer = Admission::kRefused;
  EXPECT_EQ(admission.admit(claim("n"), kNow), CallVerdict::kRateLimited);
  limiter.answer = Admission::kUnavailable;
  EXPECT_EQ(admission.admit(claim("n"), kNow), CallVerdict::kUnavailable);
  EXPECT_FALSE(nonces.seen("vendor:key", "n", kNow));
  limiter.answer = Admission::kAdmitted;
  EXPECT_EQ(admission.admit(claim("n"), kNow), CallVerdict::kAdmitted);
}

TEST(SeparateCallAdmission, AFullScopeAndADownCacheAreTheirOwnVerdicts) {
  testing::SwitchableReplayCache nonces;
  testing::ScriptedLimiter limiter;
  SeparateCallAdmission admission(nonces, limiter);
  EXPECT_EQ(admission.admit(claim("a", 1), kNow), CallVerdict::kAdmitted);
  EXPECT_EQ(admission.admit(claim("b", 1), kNow), CallVerdict::kNoncesFull);
  nonces.down = true;
  EXPECT_EQ(admission.admit(claim("c", 5), kNow), CallVerdict::kUnavailable);
  nonces.down = false;
  EXPECT_EQ(admission.admit(claim("a", 5), kNow), CallVerdict::kReplay);
}

TEST(SeparateCallAdmission, WithoutAChargeTheLimiterIsNotAsked) {
  signing::NonceCache nonces;
  testing::ScriptedLimiter limiter;
  limiter.answer = Admission::kRefused;
  SeparateCallAdmission admission(nonces, limiter);
  CallClaim plain = claim("n");
  plain.charge.reset();
  EXPECT_EQ(admission.admit(plain, kNow), CallVerdict::kAdmitted);
  EXPECT_EQ(limiter.asked, 0);
}

}  // namespace
}  // namespace tg::adapters
