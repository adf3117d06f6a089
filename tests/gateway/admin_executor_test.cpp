#include "gateway/admin/serial_executor.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace tg::gateway::admin {
namespace {

TEST(SerialExecutorTest, RunsJobsOneAtATimeInOrder) {
  SerialExecutor executor(100);
  std::mutex mutex;
  std::vector<int> order;
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(executor.post([&, i] {
      const int now = ++running;
      if (now > most) most = now;
      {
        std::lock_guard lock(mutex);
        order.push_back(i);
      }
      --running;
    }));
  }
  executor.stop();  // runs what was queued
  ASSERT_EQ(order.size(), 50u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(order[i], i);
  EXPECT_EQ(most.load(), 1);
  EXPECT_FALSE(executor.post([] {}));
}

TEST(SerialExecutorTest, RefusesJobsBeyondItsQueue) {
  SerialExecutor executor(2);
  std::atomic<bool> release{false};
  std::atomic<bool> started{false};
  ASSERT_TRUE(executor.post([&] {
    started = true;
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }));
  while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::atomic<int> ran{0};
  EXPECT_TRUE(executor.post([&] { ++ran; }));
  EXPECT_TRUE(executor.post([&] { ++ran; }));
  EXPECT_FALSE(executor.post([&] { ++ran; }));
  release = true;
  executor.stop();
  EXPECT_EQ(ran.load(), 2);
}

}  // namespace
}  // namespace tg::gateway::admin
