// Alibaba Cloud RPC signature V1.0 authentication of ICE requests: the official example request (both
// vectors) accepted by the authenticator, the 15-minute Timestamp window, nonce replay, rate limiting and
// every refusal code.

#include <gtest/gtest.h>

#include "adapters/aliyun_ice/ice_authenticator.hpp"
#include "adapters/unavailable_stores.hpp"
#include "signing/aliyun_rpc_signature.hpp"
#include "signing/nonce_cache.hpp"

namespace tg::adapters::aliyun_ice {
namespace {

constexpr int64_t kExampleTime = 1456231584;  // 2016-02-23T12:46:24Z, the official example's Timestamp

signing::Params describe_regions(const char* signature) {
  return {{"Timestamp", "2016-02-23T12:46:24Z"},
          {"Format", "XML"},
          {"AccessKeyId", "testid"},
          {"Action", "DescribeRegions"},
          {"SignatureMethod", "HMAC-SHA1"},
          {"SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"},
          {"Version", "2014-05-26"},
          {"SignatureVersion", "1.0"},
          {"Signature", signature}};
}

class IceAuthenticatorTest : public ::testing::Test {
 protected:
  IceAuthenticatorTest() { settings_.access_keys.push_back({"testid", "testsecret"}); }
  IceSettings settings_;
  signing::NonceCache nonces_;
  ::tg::adapters::testing::ScriptedLimiter limiter_;
  SeparateCallAdmission admission_{nonces_, limiter_};
  IceAuthenticator auth_{settings_, admission_};

  std::string code(std::string_view method, const signing::Params& params, int64_t now = kExampleTime) {
    auto got = auth_.authenticate(method, params, now * 1000);
    return got ? "" : got.error().code;
  }
};

TEST_F(IceAuthenticatorTest, OfficialGetAndPostVectorsAreAccepted) {
  auto get = auth_.authenticate("GET", describe_regions("OLeaidS1JvxuMvnyHOwuJ+uX5qY="), kExampleTime * 1000);
  ASSERT_TRUE(get) << get.error().message;
  EXPECT_EQ((*get)->id, "testid");
  signing::NonceCache fresh;
  SeparateCallAdmission fresh_admission(fresh, limiter_);
  IceAuthenticator other(settings_, fresh_admission);
  auto post = other.authenticate("POST", describe_regions("MxbnVAM4w6sft9xjVpe/GCKueuk="), kExampleTime * 1000);
  ASSERT_TRUE(post) << post.error().message;
}

TEST_F(IceAuthenticatorTest, TheGetSignatureDoesNotPassAsPost) {
  EXPECT_EQ(code("POST", describe_regions("OLeaidS1JvxuMvnyHOwuJ+uX5qY=")), "SignatureDoesNotMatch");
}

TEST_F(IceAuthenticatorTest, ANonceIsUsedOncePerKey) {
  EXPECT_EQ(code("GET", describe_regions("OLeaidS1JvxuMvnyHOwuJ+uX5qY=")), "");
  EXPECT_EQ(code("GET", describe_regions("OLeaidS1JvxuMvnyHOwuJ+uX5qY=")), "SignatureNonceUsed");
}

TEST_F(IceAuthenticatorTest, TimestampWithinFifteenMinutes) {
  const auto params = describe_regions("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
  EXPECT_EQ(code("GET", params, kExampleTime + 901), "InvalidTimeStamp.Expired");
  EXPECT_EQ(code("GET", params, kExampleTime - 901), "InvalidTimeStamp.Expired");
  EXPECT_EQ(code("GET", params, kExampleTime + 900), "");
}

TEST_F(IceAuthenticatorTest, EveryRefusalHasItsCode) {
  auto with = [](signing::Params params, const std::string& name, const std::string& value) {
    for (auto& [k, v] : params) {
      if (k == name) v = value;
    }
    return params;
  };
  auto without = [](signing::Params params, const std::string& name) {
    std::erase_if(params, [&](const signing::Param& p) { return p.first == name; });
    return params;
  };
  const auto good = describe_regions("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
  for (const char* name : {"AccessKeyId", "Signature", "SignatureMethod", "SignatureNonce", "SignatureVersion",
                           "Timestamp"}) {
    EXPECT_EQ(code("GET", without(good, name)), "MissingParameter") << name;
  }
  EXPECT_EQ(code("GET", with(good, "Timestamp", "2016-02-23 12:46:24")), "InvalidTimeStamp.Format");
  EXPECT_EQ(code("GET", with(good, "Timestamp", "1456231584")), "InvalidTimeStamp.Format");
  EXPECT_EQ(code("GET", with(good, "AccessKeyId", "otherid")), "InvalidAccessKeyId.NotFound");
  EXPECT_EQ(code("GET", with(good, "SignatureMethod", "HMAC-SHA256")), "InvalidSignatureMethod");
  EXPECT_EQ(code("GET", with(good, "SignatureVersion", "2.0")), "InvalidSignatureVersion");
  EXPECT_EQ(code("GET", with(good, "Signature", "OLeaidS1JvxuMvnyHOwuJ+uX5qZ=")), "SignatureDoesNotMatch");
  EXPECT_EQ(code("GET", with(good, "SignatureNonce", std::string(129, 'n'))), "InvalidParameter");
  // The limiter refuses: Throttling.User, and the nonce stays unused.
  limiter_.answer = Admission::kRefused;
  EXPECT_EQ(code("GET", good), "Throttling.User");
  limiter_.answer = Admission::kAdmitted;
  EXPECT_EQ(code("GET", good), "");
}

// The official example with its own SignatureNonce, signed with the example's secret.
signing::Params describe_regions_with_nonce(const std::string& nonce) {
  signing::Params params = describe_regions("");
  params.pop_back();
  for (auto& [name, value] : params) {
    if (name == "SignatureNonce") value = nonce;
  }
  params.emplace_back("Signature",
                      signing::aliyun_rpc_signature("testsecret", signing::aliyun_string_to_sign("GET", params)));
  return params;
}

TEST_F(IceAuthenticatorTest, AnUnavailableLimiterIs503ServiceUnavailableNotThrottling) {
  const auto params = describe_regions_with_nonce("limiter-down");
  limiter_.answer = Admission::kUnavailable;
  auto refused = auth_.authenticate("GET", params, kExampleTime * 1000);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().status, 503);
  EXPECT_EQ(refused.error().code, "ServiceUnavailable");
  limiter_.answer = Admission::kAdmitted;
  EXPECT_EQ(code("GET", params), "");  // the nonce was not used up
}

TEST_F(IceAuthenticatorTest, AnUnavailableNonceCacheIs503AndNeverLetsAReplayPass) {
  ::tg::adapters::testing::SwitchableReplayCache nonces;
  SeparateCallAdmission admission(nonces, limiter_);
  IceAuthenticator auth(settings_, admission);
  const auto used = describe_regions_with_nonce("used-before");
  const auto fresh = describe_regions_with_nonce("new-while-down");
  ASSERT_TRUE(auth.authenticate("GET", used, kExampleTime * 1000));
  nonces.down = true;
  for (const signing::Params* params : {&used, &fresh}) {
    auto refused = auth.authenticate("GET", *params, kExampleTime * 1000);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().status, 503);
    EXPECT_EQ(refused.error().code, "ServiceUnavailable");
  }
  nonces.down = false;
  EXPECT_EQ(auth.authenticate("GET", used, kExampleTime * 1000).error().code, "SignatureNonceUsed");
  EXPECT_TRUE(auth.authenticate("GET", fresh, kExampleTime * 1000));
}

TEST_F(IceAuthenticatorTest, TheCallIsChargedToItsKeysRequestsPerSecond) {
  EXPECT_EQ(code("GET", describe_regions_with_nonce("charged")), "");
  EXPECT_EQ(limiter_.asked, 1);
  EXPECT_EQ(limiter_.last_key, "aliyun_ice:testid");
  EXPECT_EQ(limiter_.last_limit, settings_.requests_per_second);
  EXPECT_EQ(limiter_.last_window_ms, 1000);
}

TEST_F(IceAuthenticatorTest, AWrongSecretDoesNotMatch) {
  settings_.access_keys[0].secret = "testsecreT";
  EXPECT_EQ(code("GET", describe_regions("OLeaidS1JvxuMvnyHOwuJ+uX5qY=")), "SignatureDoesNotMatch");
}

}  // namespace
}  // namespace tg::adapters::aliyun_ice
