#include "adapters/zego/zego_authenticator.hpp"

#include <gtest/gtest.h>

#include "adapters/unavailable_stores.hpp"
#include "signing/nonce_cache.hpp"
#include "zego_fixtures.hpp"

namespace tg::adapters::zego {
namespace {

using testing::make_request;
using testing::make_settings;
using testing::signed_pairs;

constexpr int64_t kNow = 1'700'000'000;

class ZegoAuthenticatorTest : public ::testing::Test {
 protected:
  ZegoSettings settings_ = make_settings();
  signing::NonceCache nonces_;
  ::tg::adapters::testing::ScriptedLimiter limiter_;
  SeparateCallAdmission admission_{nonces_, limiter_};
  ZegoAuthenticator auth_{settings_, admission_};

  ZegoCode code_of(const ApiRequest& request, int64_t now_s = kNow) {
    auto result = auth_.authenticate(request, now_s * 1000);
    if (result) return ZegoCode::kSuccess;
    EXPECT_FALSE(result.error().message.empty());
    return result.error().code;
  }
};

TEST_F(ZegoAuthenticatorTest, OfficialSignatureVectorAuthenticates) {
  // The worked example of ZEGO's "accessing server APIs" page.
  auto request = make_request({{"Action", "MediaThumbnails"},
                               {"AppId", "12345"},
                               {"SignatureNonce", "4fd24687296dd9f3"},
                               {"Timestamp", "1615186943"},
                               {"Signature", "43e5cfcca828314675f91b001390566a"},
                               {"SignatureVersion", "2.0"}});
  auto result = auth_.authenticate(request, int64_t{1615186943} * 1000);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result.value()->app_id, "12345");
}

TEST_F(ZegoAuthenticatorTest, SignatureWithOneDigitChangedIsRefused) {
  auto request = make_request({{"AppId", "12345"},
                               {"SignatureNonce", "4fd24687296dd9f3"},
                               {"Timestamp", "1615186943"},
                               {"Signature", "43e5cfcca828314675f91b001390566b"},
                               {"SignatureVersion", "2.0"}});
  EXPECT_EQ(code_of(request, 1615186943), ZegoCode::kAuth);
}

TEST_F(ZegoAuthenticatorTest, UppercaseSignatureIsRefused) {
  auto request = make_request({{"AppId", "12345"},
                               {"SignatureNonce", "4fd24687296dd9f3"},
                               {"Timestamp", "1615186943"},
                               {"Signature", "43E5CFCCA828314675F91B001390566A"},
                               {"SignatureVersion", "2.0"}});
  EXPECT_EQ(code_of(request, 1615186943), ZegoCode::kAuth);
}

TEST_F(ZegoAuthenticatorTest, MissingCommonParametersAreCode2) {
  for (const char* name : {"AppId", "Signature", "SignatureNonce", "Timestamp"}) {
    auto pairs = signed_pairs({}, kNow, "abcdef0123456789");
    std::erase_if(pairs, [&](const auto& p) { return p.first == name; });
    auto result = auth_.authenticate(make_request(pairs), kNow * 1000);
    ASSERT_FALSE(result) << name;
    EXPECT_EQ(result.error().code, ZegoCode::kParam) << name;
    EXPECT_NE(result.error().message.find(name), std::string::npos) << result.error().message;
  }
}

TEST_F(ZegoAuthenticatorTest, EmptyCommonParameterIsCode2) {
  auto pairs = signed_pairs({}, kNow, "abcdef0123456789");
  for (auto& p : pairs) {
    if (p.first == "Timestamp") p.second = "";
  }
  EXPECT_EQ(code_of(make_request(pairs)), ZegoCode::kParam);
}

TEST_F(ZegoAuthenticatorTest, SignatureVersionOtherThan20IsCode7) {
  for (const char* version : {"1.0", "2", "2.00", ""}) {
    auto pairs = signed_pairs({}, kNow, std::string("nonce-") + version);
    for (auto& p : pairs) {
      if (p.first == "SignatureVersion") p.second = version;
    }
    EXPECT_EQ(code_of(make_request(pairs)), ZegoCode::kAuth) << version;
  }
  auto pairs = signed_pairs({}, kNow, "no-version");
  std::erase_if(pairs, [](const auto& p) { return p.first == "SignatureVersion"; });
  EXPECT_EQ(code_of(make_request(pairs)), ZegoCode::kAuth);
}

TEST_F(ZegoAuthenticatorTest, UnknownAppIdIsCode7) {
  auto pairs = signed_pairs({}, kNow, "abcdef0123456789", testing::kSecret, "54321");
  EXPECT_EQ(code_of(make_request(pairs)), ZegoCode::kAuth);
}

TEST_F(ZegoAuthenticatorTest, MalformedAppIdOrTimestampIsCode2) {
  for (const char* app_id : {"12a45", "-12345", "4294967296", " 12345"}) {
    auto pairs = signed_pairs({}, kNow, "abcdef0123456789", testing::kSecret, app_id);
    EXPECT_EQ(code_of(make_request(pairs)), ZegoCode::kParam) << app_id;
  }
  for (const char* ts : {"1e9", "17000000000000000000000", "now", "1700000000.5"}) {
    auto pairs = signed_pairs({}, kNow, "abcdef0123456789");
    for (auto& p : pairs) {
      if (p.first == "Timestamp") p.second = ts;
    }
    EXPECT_EQ(code_of(make_request(pairs)), ZegoCode::kParam) << ts;
  }
}

TEST_F(ZegoAuthenticatorTest, WrongSecretIsCode7) {
  auto pairs = signed_pairs({}, kNow, "abcdef0123456789", "00000000000000000000000000000000");
  EXPECT_EQ(code_of(make_request(pairs)), ZegoCode::kAuth);
}

TEST_F(ZegoAuthenticatorTest, TimestampWindowBoundariesAreInclusive) {
  EXPECT_EQ(code_of(make_request(signed_pairs({}, kNow - 600, "n1"))), ZegoCode::kSuccess);
  EXPECT_EQ(code_of(make_request(signed_pairs({}, kNow + 600, "n2"))), ZegoCode::kSuccess);
  EXPECT_EQ(code_of(make_request(signed_pairs({}, kNow - 601, "n3"))), ZegoCode::kAuth);
  EXPECT_EQ(code_of(make_request(signed_pairs({}, kNow + 601, "n4"))), ZegoCode::kAuth);
}

TEST_F(ZegoAuthenticatorTest, ReplayedNonceIsCode7AndMessageSaysSo) {
  auto request = make_request(signed_pairs({}, kNow, "abcdef0123456789"));
  EXPECT_EQ(code_of(request), ZegoCode::kSuccess);
  auto again = auth_.authenticate(request, (kNow + 5) * 1000);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ZegoCode::kAuth);
  EXPECT_NE(again.error().message.find("already used"), std::string::npos);
}

TEST_F(ZegoAuthenticatorTest, ReplayIsRefusedUntilTheTimestampExpires) {
  auto request = make_request(signed_pairs({}, kNow, "late-replay"));
  EXPECT_EQ(code_of(request, kNow - 600), ZegoCode::kSuccess);
  // The last second in which the timestamp is still inside the window.
  EXPECT_EQ(code_of(request, kNow + 600), ZegoCode::kAuth);
  auto expired = auth_.authenticate(request, (kNow + 601) * 1000);
  ASSERT_FALSE(expired);
  EXPECT_NE(expired.error().message.find("Timestamp"), std::string::npos);
}

TEST_F(ZegoAuthenticatorTest, SameNonceForAnotherAppIsAccepted) {
  ZegoApp other = testing::make_app();
  other.app_id = "777";
  other.server_secret = "ffffffffffffffffffffffffffffffff";
  settings_.apps.push_back(other);
  EXPECT_EQ(code_of(make_request(signed_pairs({}, kNow, "shared-nonce"))), ZegoCode::kSuccess);
  auto pairs = signed_pairs({}, kNow, "shared-nonce", other.server_secret, other.app_id);
  auto result = auth_.authenticate(make_request(pairs), kNow * 1000);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result.value()->app_id, "777");
}

TEST_F(ZegoAuthenticatorTest, ForgedRequestDoesNotBurnTheNonce) {
  auto forged = signed_pairs({}, kNow, "victim-nonce", "ffffffffffffffffffffffffffffffff");
  EXPECT_EQ(code_of(make_request(forged)), ZegoCode::kAuth);
  EXPECT_EQ(code_of(make_request(signed_pairs({}, kNow, "victim-nonce"))), ZegoCode::kSuccess);
}

TEST_F(ZegoAuthenticatorTest, OverlongNonceIsCode2) {
  EXPECT_EQ(code_of(make_request(signed_pairs({}, kNow, std::string(129, 'a')))), ZegoCode::kParam);
  EXPECT_EQ(code_of(make_request(signed_pairs({}, kNow, std::string(128, 'a')))), ZegoCode::kSuccess);
}

TEST_F(ZegoAuthenticatorTest, UnknownAppIdAndWrongSignatureGetTheSameAnswer) {
  auto unknown = auth_.authenticate(
      make_request(signed_pairs({}, kNow, "n-unknown", testing::kSecret, "54321")), kNow * 1000);
  auto wrong = auth_.authenticate(
      make_request(signed_pairs({}, kNow, "n-wrong", "00000000000000000000000000000000")), kNow * 1000);
  ASSERT_FALSE(unknown);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(unknown.error().code, wrong.error().code);
  EXPECT_EQ(unknown.error().message, wrong.error().message);
  EXPECT_EQ(unknown.error().message.find("54321"), std::string::npos);
  // An expired Timestamp is refused alike whether or not the AppId exists.
  auto unknown_late = auth_.authenticate(
      make_request(signed_pairs({}, kNow - 601, "n-late1", testing::kSecret, "54321")), kNow * 1000);
  auto known_late = auth_.authenticate(make_request(signed_pairs({}, kNow - 601, "n-late2")), kNow * 1000);
  ASSERT_FALSE(unknown_late);
  ASSERT_FALSE(known_late);
  EXPECT_EQ(unknown_late.error().message, known_late.error().message);
}

TEST_F(ZegoAuthenticatorTest, TheCallIsChargedToItsAppIdsRequestsPerSecond) {
  // At the millisecond: a one-second window slides, it is not a calendar second.
  ASSERT_TRUE(auth_.authenticate(make_request(signed_pairs({}, kNow, "charged")), kNow * 1000 + 250));
  EXPECT_EQ(limiter_.asked, 1);
  EXPECT_EQ(limiter_.last_now_ms, kNow * 1000 + 250);
  EXPECT_EQ(limiter_.last_key, "zego:" + std::string(testing::kAppId));
  EXPECT_EQ(limiter_.last_limit, settings_.find_app(testing::kAppId)->requests_per_second);
  EXPECT_EQ(limiter_.last_window_ms, 1000);
}

TEST_F(ZegoAuthenticatorTest, RefusedAdmissionIsCode6AndLeavesTheNonceUnused) {
  auto request = make_request(signed_pairs({}, kNow, "retry-me"));
  limiter_.answer = Admission::kRefused;
  auto refused = auth_.authenticate(request, kNow * 1000);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ZegoCode::kTooFrequent);
  // The same request, retried once the limiter has room again, is accepted.
  limiter_.answer = Admission::kAdmitted;
  EXPECT_TRUE(auth_.authenticate(request, (kNow + 1) * 1000));
  EXPECT_EQ(code_of(request, kNow + 2), ZegoCode::kAuth);
}

TEST_F(ZegoAuthenticatorTest, AnUnavailableLimiterIsCode1000NotTooFrequentAndLeavesTheNonceUnused) {
  auto request = make_request(signed_pairs({}, kNow, "limiter-down"));
  limiter_.answer = Admission::kUnavailable;
  auto refused = auth_.authenticate(request, kNow * 1000);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ZegoCode::kFailed);
  EXPECT_EQ(refused.error().message, unavailable_error().message);
  limiter_.answer = Admission::kAdmitted;
  EXPECT_TRUE(auth_.authenticate(request, (kNow + 1) * 1000));
}

TEST_F(ZegoAuthenticatorTest, AnUnavailableNonceCacheIsCode1000AndNeverLetsAReplayPass) {
  ::tg::adapters::testing::SwitchableReplayCache nonces;
  SeparateCallAdmission admission(nonces, limiter_);
  ZegoAuthenticator auth(settings_, admission);
  auto used = make_request(signed_pairs({}, kNow, "used-before"));
  auto fresh = make_request(signed_pairs({}, kNow, "new-while-down"));
  ASSERT_TRUE(auth.authenticate(used, kNow * 1000));
  nonces.down = true;
  for (const ApiRequest* request : {&used, &fresh}) {
    auto refused = auth.authenticate(*request, kNow * 1000);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ZegoCode::kFailed);
  }
  nonces.down = false;
  EXPECT_EQ(auth.authenticate(used, kNow * 1000).error().code, ZegoCode::kAuth);  // still a replay
  EXPECT_TRUE(auth.authenticate(fresh, kNow * 1000));                             // its nonce was not used up
}

TEST_F(ZegoAuthenticatorTest, AReplayIsRefusedBeforeAdmissionIsAsked) {
  auto request = make_request(signed_pairs({}, kNow, "asked-once"));
  EXPECT_TRUE(auth_.authenticate(request, kNow * 1000));
  for (int i = 0; i < 5; ++i) {
    auto again = auth_.authenticate(request, kNow * 1000);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ZegoCode::kAuth);
  }
  EXPECT_EQ(limiter_.asked, 1);
}

TEST_F(ZegoAuthenticatorTest, AnAppIdHoldingAllTheNoncesItsRateAllowsGetsCode6) {
  signing::NonceCache small(2);
  SeparateCallAdmission admission(small, limiter_);
  ZegoAuthenticator auth(settings_, admission);
  auto first = make_request(signed_pairs({}, kNow + 600, "f1"));
  EXPECT_TRUE(auth.authenticate(first, kNow * 1000));
  EXPECT_TRUE(auth.authenticate(make_request(signed_pairs({}, kNow + 600, "f2")), kNow * 1000));
  auto full = auth.authenticate(make_request(signed_pairs({}, kNow + 600, "f3")), kNow * 1000);
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().code, ZegoCode::kTooFrequent);
  // Nothing was forgotten to make room.
  auto replay = auth.authenticate(first, (kNow + 1) * 1000);
  ASSERT_FALSE(replay);
  EXPECT_EQ(replay.error().code, ZegoCode::kAuth);
}

}  // namespace
}  // namespace tg::adapters::zego
