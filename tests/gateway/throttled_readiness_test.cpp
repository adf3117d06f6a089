#include "gateway/throttled_readiness.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace tg::gateway {
namespace {

using Failures = ThrottledReadiness::Failures;

TEST(ThrottledReadiness, ProbesOnceAnIntervalAndAnswersTheLastResultBetween) {
  int64_t now = 1000;
  int probes = 0;
  Failures next;
  ThrottledReadiness ready(
      [&] {
        ++probes;
        return next;
      },
      [&] { return now; }, 1000);
  EXPECT_TRUE(ready().empty());
  next = {{"database", "locked"}};
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(ready().empty());  // within the interval: the last answer
  EXPECT_EQ(probes, 1);
  now += 999;
  EXPECT_TRUE(ready().empty());
  now += 1;
  EXPECT_EQ(ready(), next);  // a new probe
  EXPECT_EQ(probes, 2);
}

TEST(ThrottledReadiness, CallersDuringASlowProbeGetTheLastAnswerWithoutProbing) {
  std::atomic<int64_t> now{0};
  std::atomic<int> probes{0};
  std::atomic<bool> release{false};
  std::atomic<bool> slow{false};
  ThrottledReadiness ready(
      [&] {
        ++probes;
        while (slow && !release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return Failures{};
      },
      [&] { return now.load(); }, 1000);
  ASSERT_TRUE(ready().empty());
  now = 5000;  // stale: the next caller probes, slowly
  slow = true;
  std::thread prober([&] { ready(); });
  while (probes < 2) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::vector<std::thread> others;
  std::atomic<int> answered{0};
  for (int i = 0; i < 8; ++i) {
    others.emplace_back([&] {
      ready();
      ++answered;
    });
  }
  for (auto& t : others) t.join();  // none waited for the slow probe
  EXPECT_EQ(answered, 8);
  EXPECT_EQ(probes, 2);
  release = true;
  prober.join();
}

}  // namespace
}  // namespace tg::gateway
