// The VOD v2 per-SecretId quota counts calls over a sliding minute, on the server's clock: the 101st call
// of a minute is refused until the first call of that minute is a full minute old.

#include "adapters/front_door_harness.hpp"

namespace tg::adapters::testing {
namespace {

const VodKey kKey{"AKIDquotaWindowKey", "secret-key-of-the-quota-window"};
const signing::Params kLookup{{"Action", "GetTaskInfo"}, {"vodTaskId", "CreateImageSprite-00"}};

class VodQuotaWindow : public FrontDoorHarness {
 protected:
  void SetUp() override {
    // No requests_per_minute: the default quota of 100 calls per minute.
    vod_settings_.secrets.push_back({kKey.secret_id, kKey.secret_key});
    ASSERT_EQ(vod_settings_.secrets.back().requests_per_minute, 100);
    build();
  }

  int call() { return vod_code(vod_request(kKey, kLookup, std::to_string(++nonce_))); }

  int nonce_ = 1000;
};

TEST_F(VodQuotaWindow, TheCallAfterOneHundredWaitsForTheWholeMinute) {
  const int64_t start_ms = clock_.now_ms();
  for (int i = 0; i < 100; ++i) ASSERT_EQ(call(), 70014) << "call " << i + 1;
  EXPECT_EQ(call(), 4400) << "call 101 at once";
  clock_.set_ms(start_ms + 1'000);
  EXPECT_EQ(call(), 4400) << "one second later";
  clock_.set_ms(start_ms + 30'000);
  EXPECT_EQ(call(), 4400) << "half a minute later";
  clock_.set_ms(start_ms + 59'900);
  EXPECT_EQ(call(), 4400) << "59.9 s later";
  clock_.set_ms(start_ms + 60'100);
  EXPECT_EQ(call(), 70014) << "60.1 s later: the first minute's calls have left the window";
}

TEST_F(VodQuotaWindow, CallsSpreadOverTheMinuteFreeOneSlotEachAsTheyAge) {
  // One call every 500 ms: the 100th at 49.5 s.
  const int64_t start_ms = clock_.now_ms();
  for (int i = 0; i < 100; ++i) {
    clock_.set_ms(start_ms + i * 500);
    ASSERT_EQ(call(), 70014) << "call " << i + 1;
  }
  clock_.set_ms(start_ms + 59'999);
  EXPECT_EQ(call(), 4400);
  // The call made at 0 leaves at 60 s, the one made at 0.5 s at 60.5 s: one slot each.
  clock_.set_ms(start_ms + 60'000);
  EXPECT_EQ(call(), 70014);
  EXPECT_EQ(call(), 4400);
  clock_.set_ms(start_ms + 60'499);
  EXPECT_EQ(call(), 4400);
  clock_.set_ms(start_ms + 60'500);
  EXPECT_EQ(call(), 70014);
  EXPECT_EQ(call(), 4400);
}

}  // namespace
}  // namespace tg::adapters::testing
