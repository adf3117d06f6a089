// The per-SecretId call quota of the VOD v2 front door: the call over requests_per_minute gets 4400,
// for a small configured quota and for the default 100; other SecretIds are unaffected.

#include "integration/tencent_vod_fixture.hpp"

namespace tg::testing {
namespace {

class VodRateLimit : public VodFixture {
 protected:
  const VodParams lookup_{{"Action", "GetTaskInfo"}, {"vodTaskId", "CreateImageSprite-0000"}};
};

TEST_F(VodRateLimit, ConfiguredQuotaRefusesTheNextCall) {
  start(vod_config(5));
  for (int i = 0; i < 5; ++i) EXPECT_EQ(vod_code(vod_call(kVodKeyA, lookup_)), 70014) << "call " << i + 1;
  const std::string body = vod_call(kVodKeyA, lookup_);
  EXPECT_EQ(vod_code(body), 4400) << body;
  // Another SecretId keeps its own quota.
  EXPECT_EQ(vod_code(vod_call(kVodKeyB, lookup_)), 70014);
  // A refused call does not use up a Nonce of a later, accepted one; badly signed calls are not counted.
  EXPECT_EQ(vod_code(vod_call(kVodKeyB, lookup_, {.secret_key_override = "wrong-key-wrong-key"})), 4100);
}

TEST_F(VodRateLimit, DefaultQuotaIsOneHundredCallsPerMinute) {
  start(vod_config(5));  // kVodKeyB has no requests_per_minute: the default 100
  for (int i = 0; i < 100; ++i) {
    const std::string body = vod_call(kVodKeyB, lookup_);
    ASSERT_EQ(vod_code(body), 70014) << "call " << i + 1 << ": " << body;
  }
  const std::string body = vod_call(kVodKeyB, lookup_);
  EXPECT_EQ(vod_code(body), 4400) << body;
  EXPECT_EQ(json_field(body, "codeDesc"), "QuotaExceeded");
}

}  // namespace
}  // namespace tg::testing
