// One signing key flooding the replay cache cannot make another key's captured request replayable, and
// a call refused by the rate limiter does not use up its nonce.

#include "adapters/front_door_harness.hpp"

namespace tg::adapters::testing {
namespace {

const ZegoKey kAppA{"1111", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
const ZegoKey kAppB{"2222", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"};
const VodKey kKeyA{"AKIDfloodingKeyA", "secret-key-of-key-a"};
const VodKey kKeyB{"AKIDvictimKeyB", "secret-key-of-key-b"};

const Pairs kDescribe{{"Action", "DescribeMediaTask"}, {"Vendor", "Huawei"}, {"TaskId", "no-such-task"}};
const Pairs kThumbnails{{"Action", "MediaThumbnails"},
                        {"Vendor", "Huawei"},
                        {"FileId", "rec/a.mp4"},
                        {"Type", "SampleSnapshot"},
                        {"Interval", "5"}};

class ReplayFlood : public FrontDoorHarness {};

TEST_F(ReplayFlood, AZegoAppFillingItsNoncesNeverMakesAnotherAppsRequestReplayable) {
  add_zego_app(kAppA, 1000);
  add_zego_app(kAppB, 20);
  build(/*max_nonces_per_scope=*/50);
  const ApiRequest captured = zego_request(kAppB, kThumbnails, "captured-nonce");
  ASSERT_EQ(zego_code(captured), 0);
  ASSERT_EQ(task_count(), 1);

  // App A signs calls with Timestamps 10 minutes ahead (the longest-lived nonces) until it is refused.
  int accepted = 0;
  for (int i = 0; i < 80; ++i) {
    const int code = zego_code(zego_request(kAppA, kDescribe, "flood-" + std::to_string(i), clock_.now_s() + 600));
    if (code == 6) continue;
    ASSERT_EQ(code, 0) << "call " << i;
    ++accepted;
  }
  EXPECT_EQ(accepted, 50);

  // B's captured request is still a replay, and creates no second task.
  clock_.advance_ms(1'000);
  EXPECT_EQ(zego_code(captured), 7);
  EXPECT_EQ(task_count(), 1);
  // B keeps its own room for new nonces.
  EXPECT_EQ(zego_code(zego_request(kAppB, kDescribe, "b-next")), 0);
}

TEST_F(ReplayFlood, AVodKeyFillingItsNoncesNeverMakesAnotherKeysRequestReplayable) {
  add_vod_key(kKeyA, 1000);
  add_vod_key(kKeyB, 100);
  build(/*max_nonces_per_scope=*/50);
  const ApiRequest captured =
      vod_request(kKeyB, {{"Action", "CreateImageSprite"}, {"fileId", "clip.mp4"}, {"definition", "10"}}, "424242");
  ASSERT_EQ(vod_code(captured), 0);
  ASSERT_EQ(task_count(), 1);

  int accepted = 0;
  for (int i = 0; i < 80; ++i) {
    const int code = vod_code(vod_request(kKeyA, {{"Action", "GetTaskInfo"}, {"vodTaskId", "CreateImageSprite-00"}},
                                          std::to_string(1000 + i), clock_.now_s() + 7200));
    if (code == 4400) continue;
    ASSERT_EQ(code, 70014) << "call " << i;
    ++accepted;
  }
  EXPECT_EQ(accepted, 50);

  clock_.advance_ms(1'000);
  EXPECT_EQ(vod_code(captured), 4500);
  EXPECT_EQ(task_count(), 1);
}

TEST_F(ReplayFlood, AZegoCallRefusedByTheLimiterCanBeRetriedWithItsNonce) {
  add_zego_app(kAppA, 1);
  build();
  EXPECT_EQ(zego_code(zego_request(kAppA, kDescribe, "first")), 0);
  const ApiRequest second = zego_request(kAppA, kDescribe, "second");
  EXPECT_EQ(zego_code(second), 6);
  clock_.advance_ms(1'000);
  EXPECT_EQ(zego_code(second), 0);
  EXPECT_EQ(zego_code(second), 7);
}

TEST_F(ReplayFlood, AVodCallOverTheQuotaCanBeRetriedWithItsNonce) {
  add_vod_key(kKeyA, 1);
  build();
  const signing::Params lookup{{"Action", "GetTaskInfo"}, {"vodTaskId", "CreateImageSprite-00"}};
  EXPECT_EQ(vod_code(vod_request(kKeyA, lookup, "1")), 70014);
  const ApiRequest second = vod_request(kKeyA, lookup, "2");
  EXPECT_EQ(vod_code(second), 4400);
  clock_.advance_ms(60'000);
  EXPECT_EQ(vod_code(second), 70014);
  EXPECT_EQ(vod_code(second), 4500);
}

TEST_F(ReplayFlood, ReplaysOfACapturedRequestSpendNoneOfTheVictimsRate) {
  add_zego_app(kAppB, 2);
  build();
  const ApiRequest captured = zego_request(kAppB, kDescribe, "captured");
  EXPECT_EQ(zego_code(captured), 0);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(zego_code(captured), 7);
  // The second call of this second is still within B's 2 calls a second.
  EXPECT_EQ(zego_code(zego_request(kAppB, kDescribe, "own-next")), 0);
}

}  // namespace
}  // namespace tg::adapters::testing
