// Requests that wait for their task (MPC sync=1): answered when the task ends, when the wait is over, or
// when the gateway stops, each exactly once.

#include "adapters/huawei_mpc/sync_waiter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>

#include "support/clips.hpp"
#include "tasks/sqlite_task_store.hpp"

namespace tg::adapters::huawei_mpc {
namespace {

class SyncWaiterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = tasks::SqliteTaskStore::open(tg::testing::fresh_test_dir("adapters") + "/tasks.db");
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    tasks::TaskSpec spec;
    spec.app_id = "p";
    spec.api = "huawei_mpc";
    ASSERT_TRUE(store_->create("t1", spec, clock_.now_ms()));
  }

  static ApiResponse render(const tasks::TaskRecord& record) {
    ApiResponse r;
    r.body = tasks::to_string(record.status);
    return r;
  }
  static ApiResponse failure(const std::string& message) {
    ApiResponse r;
    r.status = 500;
    r.body = message;
    return r;
  }

  // A Respond that records its answers.
  Respond recorder() {
    return [this](ApiResponse response) {
      std::lock_guard lock(mutex_);
      answers_.push_back(response.body);
      if (answers_.size() == 1) first_.set_value();
    };
  }

  std::vector<std::string> answers() {
    std::lock_guard lock(mutex_);
    return answers_;
  }

  bool answered_within(std::chrono::milliseconds limit) {
    return first_.get_future().wait_for(limit) == std::future_status::ready;
  }

  SystemClock clock_;
  std::unique_ptr<tasks::SqliteTaskStore> store_;
  std::mutex mutex_;
  std::vector<std::string> answers_;
  std::promise<void> first_;
};

TEST_F(SyncWaiterTest, AnswersOnceTheTaskHasEnded) {
  SyncWaiter waiter(*store_, clock_, render, failure, 60000, 10);
  waiter.wait_for("t1", recorder());
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_TRUE(answers().empty()) << "answered while the task was still waiting";
  ASSERT_TRUE(store_->claim("w", clock_.now_ms(), 10000));
  ASSERT_TRUE(store_->complete("t1", "w", {}, clock_.now_ms(), std::nullopt));
  ASSERT_TRUE(answered_within(std::chrono::seconds(10)));
  waiter.stop();
  EXPECT_EQ(answers(), std::vector<std::string>{"SUCCEEDED"});
}

TEST_F(SyncWaiterTest, AnswersWithTheTaskAsItStandsWhenTheWaitIsOver) {
  SyncWaiter waiter(*store_, clock_, render, failure, 1000, 10);
  waiter.wait_for("t1", recorder());
  ASSERT_TRUE(answered_within(std::chrono::seconds(10)));
  EXPECT_EQ(answers(), std::vector<std::string>{"QUEUED"});
}

TEST_F(SyncWaiterTest, StopAnswersEveryWaitingRequestAndLaterOnesAtOnce) {
  SyncWaiter waiter(*store_, clock_, render, failure, 600000, 10);
  waiter.wait_for("t1", recorder());
  waiter.wait_for("gone", recorder());
  waiter.stop();
  auto got = answers();
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::string>{"QUEUED", "the task is gone"}));
  waiter.wait_for("t1", recorder());
  EXPECT_EQ(answers().size(), 3u);
}

}  // namespace
}  // namespace tg::adapters::huawei_mpc
