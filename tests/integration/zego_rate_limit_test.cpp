// 20 requests per second per AppId over any one-second window; refused calls do not count.

#include <chrono>

#include "integration/gateway_fixture.hpp"

namespace tg::testing {
namespace {

class ZegoRateLimit : public GatewayFixture {};

TEST_F(ZegoRateLimit, TwentyAcceptedThenTheTwentyFirstRefusedThenAcceptedASecondLater) {
  start();
  const std::vector<std::pair<std::string, std::string>> describe{
      {"Action", "DescribeMediaTask"}, {"Vendor", "Huawei"}, {"TaskId", "no-such-task"}};
  auto first = std::chrono::steady_clock::now();
  for (int i = 0; i < 20; ++i) {
    std::string body = call(kAppA, describe);
    ASSERT_NE(code_of(body), 6) << "call " << i + 1 << ": " << body;
  }
  std::string refused = call(kAppA, describe);
  auto elapsed = std::chrono::steady_clock::now() - first;
  ASSERT_LT(elapsed, std::chrono::milliseconds(900)) << "the machine was too slow to test a one-second window";
  EXPECT_EQ(code_of(refused), 6) << refused;
  EXPECT_FALSE(json_field(refused, "Message").empty());
  // Another AppId has its own budget.
  EXPECT_NE(code_of(call(kAppB, describe)), 6);
  // Refused calls did not count: once the first accepted call leaves the window, one more fits.
  std::this_thread::sleep_until(first + std::chrono::milliseconds(1100));
  EXPECT_NE(code_of(call(kAppA, describe)), 6);
}

TEST_F(ZegoRateLimit, AConfiguredLimitIsHonoured) {
  const std::string apps = R"([{"app_id":")" + kAppA.app_id + R"(","server_secret":")" + kAppA.server_secret +
                           R"(","requests_per_second":3}])";
  start("", apps);
  const std::vector<std::pair<std::string, std::string>> describe{
      {"Action", "DescribeMediaTask"}, {"Vendor", "Huawei"}, {"TaskId", "x"}};
  for (int i = 0; i < 3; ++i) EXPECT_NE(code_of(call(kAppA, describe)), 6);
  EXPECT_EQ(code_of(call(kAppA, describe)), 6);
}

TEST_F(ZegoRateLimit, ACallRefusedWithCode6CanBeSentAgainWithTheSameNonce) {
  const std::string apps = R"([{"app_id":")" + kAppA.app_id + R"(","server_secret":")" + kAppA.server_secret +
                           R"(","requests_per_second":1}])";
  start("", apps);
  const std::vector<std::pair<std::string, std::string>> describe{
      {"Action", "DescribeMediaTask"}, {"Vendor", "Huawei"}, {"TaskId", "x"}};
  const auto first = std::chrono::steady_clock::now();
  EXPECT_NE(code_of(call(kAppA, describe)), 6);
  const std::string retried = url(kAppA, describe, 0, "retried-nonce");
  auto refused = http_get(retried);
  if (std::chrono::steady_clock::now() - first > std::chrono::milliseconds(900)) {
    GTEST_SKIP() << "the machine was too slow to test a one-second window";
  }
  EXPECT_EQ(code_of(refused.body), 6) << refused.body;
  std::this_thread::sleep_until(first + std::chrono::milliseconds(1100));
  auto accepted = http_get(retried);
  EXPECT_EQ(code_of(accepted.body), 0) << accepted.body;
  EXPECT_EQ(code_of(http_get(retried).body), 7);
}

}  // namespace
}  // namespace tg::testing
