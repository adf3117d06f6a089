// Tencent Cloud API 2.0 authentication of VOD v2 requests: the official signature vectors, the example
// requests in schemas/tencent_vod, the 2-hour Timestamp window, Nonce replay and every refusal code.

#include <gtest/gtest.h>

#include "adapters/tencent_vod/vod_authenticator.hpp"
#include "adapters/tencent_vod_fixtures.hpp"
#include "adapters/unavailable_stores.hpp"
#include "signing/nonce_cache.hpp"
#include "signing/tencent_v2_signature.hpp"

namespace tg::adapters::tencent_vod {
namespace {

using namespace testing;

constexpr int64_t kFixtureTime = 1'700'000'000;

class VodAuthenticatorTest : public ::testing::Test {
 protected:
  VodSettings settings_ = make_settings();
  signing::NonceCache nonces_;
  ::tg::adapters::testing::ScriptedLimiter limiter_;
  SeparateCallAdmission admission_{nonces_, limiter_};
  VodAuthenticator auth_{settings_, admission_};

  // A request signed now with `secret` (HmacSHA1 unless `sha256`).
  signing::Params sign(signing::Params params, int64_t ts, const std::string& nonce, bool sha256 = false,
                       const std::string& secret = kSecretKey, const std::string& host = "vod.api.qcloud.com") {
    params.emplace_back("Timestamp", std::to_string(ts));
    params.emplace_back("Nonce", nonce);
    params.emplace_back("SecretId", kSecretId);
    params.emplace_back("Region", "gz");
    if (sha256) params.emplace_back("SignatureMethod", "HmacSHA256");
    const std::string to_sign = signing::tencent_v2_string_to_sign("GET", host, kV2Path, params);
    params.emplace_back("Signature", signing::tencent_v2_signature(to_sign, secret,
                                                                   sha256 ? signing::TencentV2Method::kHmacSha256
                                                                          : signing::TencentV2Method::kHmacSha1));
    return params;
  }
  int code(const signing::Params& params, int64_t now = kFixtureTime, const std::string& host = "vod.api.qcloud.com") {
    auto got = auth_.authenticate("GET", host, params, now * 1000);
    return got ? 0 : got.error().code;
  }
};

TEST_F(VodAuthenticatorTest, OfficialVectorsAreAccepted) {
  // The Cloud API 2.0 documentation's example (signed for cvm.api.qcloud.com with the same key).
  signing::Params sha1{{"Action", "DescribeInstances"},
                       {"InstanceIds.0", "ins-09dx96dg"},
                       {"Nonce", "11886"},
                       {"Region", "ap-guangzhou"},
                       {"SecretId", kSecretId},
                       {"SignatureMethod", "HmacSHA1"},
                       {"Timestamp", "1465185768"},
                       {"Signature", "nPVnY6njQmwQ8ciqbPl5Qe+Oru4="}};
  auto got = auth_.authenticate("GET", "cvm.api.qcloud.com", sha1, int64_t{1465185768} * 1000);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ((*got)->secret_id, kSecretId);
  // Same parameters (same Nonce, so a fresh replay cache) signed with HmacSHA256.
  signing::NonceCache fresh;
  SeparateCallAdmission fresh_admission(fresh, limiter_);
  VodAuthenticator other(settings_, fresh_admission);
  signing::Params sha256 = sha1;
  sha256[5].second = "HmacSHA256";
  sha256[7].second = "0EEm/HtGRr/VJXTAD9tYMth1Bzm3lLHz5RCDv1GdM8s=";
  EXPECT_TRUE(other.authenticate("GET", "cvm.api.qcloud.com", sha256, int64_t{1465185768} * 1000));
  // The SHA-1 signature claimed as SHA-256 does not pass.
  signing::NonceCache fresh2;
  SeparateCallAdmission fresh2_admission(fresh2, limiter_);
  VodAuthenticator third(settings_, fresh2_admission);
  sha1[5].second = "HmacSHA256";
  auto refused = third.authenticate("GET", "cvm.api.qcloud.com", sha1, int64_t{1465185768} * 1000);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, vod_code::kAuthFailed);
}

TEST_F(VodAuthenticatorTest, FixtureRequestsAreAccepted) {
  for (const char* name : {"create_image_sprite.request.json", "create_snapshot_by_time_offset.request.json",
                           "get_task_info.request.json"}) {
    FixtureRequest r = read_request_fixture(name);
    auto got = auth_.authenticate(r.method, r.host, r.params, kFixtureTime * 1000);
    EXPECT_TRUE(got) << name << ": " << (got ? "" : got.error().message);
  }
}

TEST_F(VodAuthenticatorTest, ConfiguredHostReplacesTheHostHeader) {
  settings_.host = "vod.api.qcloud.com";
  FixtureRequest r = read_request_fixture("create_image_sprite.request.json");
  EXPECT_TRUE(auth_.authenticate("GET", "127.0.0.1:8080", r.params, kFixtureTime * 1000));
  settings_.host.clear();
  EXPECT_EQ(code(sign({{"Action", "GetTaskInfo"}}, kFixtureTime, "5"), kFixtureTime, "127.0.0.1:8080"),
            vod_code::kAuthFailed);
}

TEST_F(VodAuthenticatorTest, NonceIsSingleUse) {
  auto params = sign({{"Action", "GetTaskInfo"}}, kFixtureTime, "4242");
  EXPECT_EQ(code(params), 0);
  EXPECT_EQ(code(params), vod_code::kReplay);
  EXPECT_EQ(code(sign({{"Action", "CreateImageSprite"}}, kFixtureTime + 5, "4242"), kFixtureTime + 5),
            vod_code::kReplay);
  // A badly signed request does not use up its Nonce.
  EXPECT_EQ(code(sign({{"Action", "GetTaskInfo"}}, kFixtureTime, "77", false, "wrong-key-wrong-key")),
            vod_code::kAuthFailed);
  EXPECT_EQ(code(sign({{"Action", "GetTaskInfo"}}, kFixtureTime, "77")), 0);
}

TEST_F(VodAuthenticatorTest, TimestampWindowIsTwoHours) {
  EXPECT_EQ(code(sign({{"Action", "GetTaskInfo"}}, kFixtureTime - 7200, "1")), 0);
  EXPECT_EQ(code(sign({{"Action", "GetTaskInfo"}}, kFixtureTime + 7200, "2")), 0);
  EXPECT_EQ(code(sign({{"Action", "GetTaskInfo"}}, kFixtureTime - 7201, "3")), vod_code::kReplay);
  EXPECT_EQ(code(sign({{"Action", "GetTaskInfo"}}, kFixtureTime + 7201, "4")), vod_code::kReplay);
}

TEST_F(VodAuthenticatorTest, RefusalCodes) {
  EXPECT_EQ(code(sign({{"Action", "GetTaskInfo"}}, kFixtureTime, "10", true, "wrong-key-wrong-key")),
            vod_code::kAuthFailed);
  auto unknown = sign({{"Action", "GetTaskInfo"}}, kFixtureTime, "11");
  for (auto& [name, value] : unknown) {
    if (name == "SecretId") value = "AKIDunknown";
  }
  EXPECT_EQ(code(unknown), vod_code::kSecretIdNotFound);
  for (const std::string missing : {"Action", "SecretId", "Signature", "Nonce", "Timestamp"}) {
    auto params = sign({{"Action", "GetTaskInfo"}}, kFixtureTime, "12");
    std::erase_if(params, [&](const auto& p) { return p.first == missing; });
    EXPECT_EQ(code(params), vod_code::kInvalidRequest) << missing;
  }
  EXPECT_EQ(code(sign({{"Action", "GetTaskInfo"}}, kFixtureTime, "-5")), vod_code::kInvalidRequest);
  EXPECT_EQ(code(sign({{"Action", "GetTaskInfo"}}, kFixtureTime, "123456789012345678901")), vod_code::kInvalidRequest);
  auto twice = sign({{"Action", "GetTaskInfo"}}, kFixtureTime, "13");
  twice.emplace_back("Action", "GetTaskInfo");
  EXPECT_EQ(code(twice), vod_code::kInvalidRequest);
  auto bad_method = sign({{"Action", "GetTaskInfo"}, {"SignatureMethod", "HmacMD5"}}, kFixtureTime, "14");
  EXPECT_EQ(code(bad_method), vod_code::kInvalidRequest);
  auto bad_time = sign({{"Action", "GetTaskInfo"}}, kFixtureTime, "15");
  for (auto& [name, value] : bad_time) {
    if (name == "Timestamp") value = "17e8";
  }
  EXPECT_EQ(code(bad_time), vod_code::kInvalidRequest);
}

TEST_F(VodAuthenticatorTest, TheCallIsChargedToItsSecretIdsRequestsPerMinute) {
  EXPECT_EQ(code(sign({{"Action", "GetTaskInfo"}}, kFixtureTime, "4140")), 0);
  EXPECT_EQ(limiter_.asked, 1);
  EXPECT_EQ(limiter_.last_key, "tencent_vod:" + std::string(kSecretId));
  EXPECT_EQ(limiter_.last_limit, settings_.secrets.front().requests_per_minute);
  EXPECT_EQ(limiter_.last_window_ms, 60'000);
}

TEST_F(VodAuthenticatorTest, RefusedQuotaIs4400AndLeavesTheNonceUnused) {
  auto params = sign({{"Action", "GetTaskInfo"}}, kFixtureTime, "5150");
  limiter_.answer = Admission::kRefused;
  auto refused = auth_.authenticate("GET", "vod.api.qcloud.com", params, kFixtureTime * 1000);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, vod_code::kQuotaExceeded);
  limiter_.answer = Admission::kAdmitted;
  EXPECT_EQ(code(params), 0);
  EXPECT_EQ(code(params), vod_code::kReplay);
}

TEST_F(VodAuthenticatorTest, AnUnavailableQuotaIsInternalErrorNot4400AndLeavesTheNonceUnused) {
  auto params = sign({{"Action", "GetTaskInfo"}}, kFixtureTime, "7170");
  limiter_.answer = Admission::kUnavailable;
  auto refused = auth_.authenticate("GET", "vod.api.qcloud.com", params, kFixtureTime * 1000);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, vod_code::kInternal);
  EXPECT_STREQ(code_desc(refused.error().code), "InternalError");
  limiter_.answer = Admission::kAdmitted;
  EXPECT_EQ(code(params), 0);
}

TEST_F(VodAuthenticatorTest, AnUnavailableNonceCacheIsInternalErrorAndNeverLetsAReplayPass) {
  ::tg::adapters::testing::SwitchableReplayCache nonces;
  SeparateCallAdmission admission(nonces, limiter_);
  VodAuthenticator auth(settings_, admission);
  const auto used = sign({{"Action", "GetTaskInfo"}}, kFixtureTime, "8180");
  const auto fresh = sign({{"Action", "GetTaskInfo"}}, kFixtureTime, "8181");
  ASSERT_TRUE(auth.authenticate("GET", "vod.api.qcloud.com", used, kFixtureTime * 1000));
  nonces.down = true;
  for (const signing::Params* params : {&used, &fresh}) {
    auto refused = auth.authenticate("GET", "vod.api.qcloud.com", *params, kFixtureTime * 1000);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, vod_code::kInternal);
  }
  nonces.down = false;
  EXPECT_EQ(auth.authenticate("GET", "vod.api.qcloud.com", used, kFixtureTime * 1000).error().code, vod_code::kReplay);
  EXPECT_TRUE(auth.authenticate("GET", "vod.api.qcloud.com", fresh, kFixtureTime * 1000));
}

TEST_F(VodAuthenticatorTest, AReplayIsRefusedBeforeTheQuotaIsAsked) {
  auto params = sign({{"Action", "GetTaskInfo"}}, kFixtureTime, "6160");
  EXPECT_TRUE(auth_.authenticate("GET", "vod.api.qcloud.com", params, kFixtureTime * 1000));
  for (int i = 0; i < 5; ++i) {
    auto again = auth_.authenticate("GET", "vod.api.qcloud.com", params, kFixtureTime * 1000);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, vod_code::kReplay);
  }
  EXPECT_EQ(limiter_.asked, 1);
}

TEST_F(VodAuthenticatorTest, ASecretIdHoldingAllTheNoncesItsQuotaAllowsGets4400) {
  signing::NonceCache small(2);
  SeparateCallAdmission admission(small, limiter_);
  VodAuthenticator auth(settings_, admission);
  auto first = sign({{"Action", "GetTaskInfo"}}, kFixtureTime + 7200, "1");
  EXPECT_TRUE(auth.authenticate("GET", "vod.api.qcloud.com", first, kFixtureTime * 1000));
  EXPECT_TRUE(auth.authenticate("GET", "vod.api.qcloud.com", sign({{"Action", "GetTaskInfo"}}, kFixtureTime, "2"),
                                kFixtureTime * 1000));
  auto full = auth.authenticate("GET", "vod.api.qcloud.com", sign({{"Action", "GetTaskInfo"}}, kFixtureTime, "3"),
                                kFixtureTime * 1000);
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().code, vod_code::kQuotaExceeded);
  auto replay = auth.authenticate("GET", "vod.api.qcloud.com", first, (kFixtureTime + 1) * 1000);
  ASSERT_FALSE(replay);
  EXPECT_EQ(replay.error().code, vod_code::kReplay);
}

TEST_F(VodAuthenticatorTest, ARepeatedNameIsFoundAmongVeryManyParameters) {
  // The check is linear: this takes milliseconds (a pairwise comparison would make 10^10 comparisons).
  signing::Params params;
  for (int i = 0; i < 150'000; ++i) params.emplace_back("p" + std::to_string(i), "");
  params.emplace_back("p149998", "again");
  params.emplace_back("p7", "again");
  auto got = auth_.authenticate("GET", "vod.api.qcloud.com", params, kFixtureTime * 1000);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, vod_code::kInvalidRequest);
  EXPECT_EQ(got.error().message, "parameter p149998 appears more than once");
}

}  // namespace
}  // namespace tg::adapters::tencent_vod
