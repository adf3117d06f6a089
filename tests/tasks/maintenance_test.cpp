// The maintenance pass on a real database file and real output folders, with an injected clock:
// retention deletes finished tasks, their files and callbacks, in bounded batches, and survives a crash
// between deleting a folder and its row.

#include "tasks/maintenance.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/clock.hpp"
#include "forwarding_task_store.hpp"
#include "task_test_support.hpp"
#include "tasks/worker_pool.hpp"

namespace tg::tasks {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr int64_t kHour = 3600 * 1000;
constexpr int64_t kDay = 24 * kHour;

class MaintenanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_dir();
    store_ = testing::open_store(dir_);
    ASSERT_TRUE(store_);
  }

  std::string outputs() const { return dir_ + "/outputs"; }

  /// A task created and finished at `finished_ms`, with one file and a callback in `callback_state`.
  void finished_task(const std::string& id, int64_t finished_ms, bool succeeded = true,
                     const std::string& callback_state = "delivered") {
    ASSERT_TRUE(store_->create(id, testing::sample_spec(), finished_ms - 1000));
    auto claimed = store_->claim("w", finished_ms - 500, 60000);
    ASSERT_TRUE(claimed && claimed->has_value() && (*claimed)->id == id);
    CallbackDelivery callback;
    callback.url = "http://127.0.0.1:9/cb";
    callback.body = "{}";
    callback.state = callback_state;
    if (succeeded) {
      ASSERT_TRUE(*store_->complete(id, "w", {{"a.jpg", "image", 0, 1, 1}}, finished_ms, callback));
    } else {
      ASSERT_TRUE(*store_->fail(id, "w", "not_media", "bad", finished_ms, callback));
    }
    fs::create_directories(outputs() + "/" + id);
    std::ofstream(outputs() + "/" + id + "/a.jpg") << "jpeg";
  }

  bool has_task(const std::string& id) { return store_->get(id)->has_value(); }

  Maintenance::Options options(int64_t retention_ms = 7 * kDay) const {
    return {.retention_ms = retention_ms, .period_ms = 10, .batch = 100, .max_batches = 10,
            .outputs = shared_folder_outputs(outputs())};
  }

  std::string dir_;
  std::unique_ptr<SqliteTaskStore> store_;
};

TEST_F(MaintenanceTest, DeletesFinishedTasksPastTheRetentionWithTheirFilesAndCallbacks) {
  ManualClock clock(100 * kDay);
  finished_task("old-ok", clock.now_ms() - 8 * kDay);
  finished_task("old-failed", clock.now_ms() - 8 * kDay, false);
  finished_task("young", clock.now_ms() - 6 * kDay);
  finished_task("old-callback-pending", clock.now_ms() - 8 * kDay, true, "pending");
  // Old but not finished: queued long ago, and running.
  ASSERT_TRUE(store_->create("old-running", testing::sample_spec(), clock.now_ms() - 9 * kDay));
  ASSERT_TRUE(store_->claim("w", clock.now_ms(), 60000)->has_value());
  ASSERT_TRUE(store_->create("old-queued", testing::sample_spec(), clock.now_ms() - 9 * kDay + 1));

  Maintenance maintenance(*store_, clock, options());
  auto pass = maintenance.run_once();
  ASSERT_TRUE(pass) << pass.error().message;
  EXPECT_EQ(pass->deleted, 2);
  for (const char* gone : {"old-ok", "old-failed"}) {
    EXPECT_FALSE(has_task(gone)) << gone;
    EXPECT_FALSE(fs::exists(outputs() + "/" + gone)) << gone;
    EXPECT_TRUE(store_->callbacks_for(gone)->empty()) << gone;
  }
  for (const char* kept : {"young", "old-callback-pending", "old-running", "old-queued"}) {
    EXPECT_TRUE(has_task(kept)) << kept;
  }
  EXPECT_TRUE(fs::exists(outputs() + "/young/a.jpg"));
  EXPECT_EQ(store_->callbacks_for("old-callback-pending")->size(), 1u);

  clock.advance_ms(2 * kDay);  // "young" is now 8 days old
  ASSERT_EQ(maintenance.run_once()->deleted, 1);
  EXPECT_FALSE(has_task("young"));
  EXPECT_FALSE(fs::exists(outputs() + "/young"));
}

TEST_F(MaintenanceTest, ZeroRetentionKeepsEverything) {
  ManualClock clock(100 * kDay);
  finished_task("ancient", clock.now_ms() - 90 * kDay);
  Maintenance maintenance(*store_, clock, options(0));
  ASSERT_EQ(maintenance.run_once()->deleted, 0);
  EXPECT_TRUE(has_task("ancient"));
  EXPECT_TRUE(fs::exists(outputs() + "/ancient/a.jpg"));
}

TEST_F(MaintenanceTest, APassDeletesABoundedNumberAndTheNextPassesTheRest) {
  ManualClock clock(100 * kDay);
  for (int i = 0; i < 7; ++i) finished_task("t" + std::to_string(i), clock.now_ms() - 30 * kDay + i);
  Maintenance::Options o = options();
  o.batch = 2;
  o.max_batches = 2;
  Maintenance maintenance(*store_, clock, o);
  EXPECT_EQ(maintenance.run_once()->deleted, 4);
  EXPECT_FALSE(has_task("t0"));  // oldest first
  EXPECT_TRUE(has_task("t4"));
  EXPECT_EQ(maintenance.run_once()->deleted, 3);
  EXPECT_EQ(maintenance.run_once()->deleted, 0);
  EXPECT_TRUE(fs::is_empty(outputs()));
}

TEST_F(MaintenanceTest, ARowWhoseFolderIsAlreadyGoneIsDeletedAfterARestart) {
  ManualClock clock(100 * kDay);
  finished_task("half-done", clock.now_ms() - 8 * kDay);
  finished_task("untouched", clock.now_ms() - 8 * kDay + 1);
  // A crash after the folder was deleted and before its row was: the row is all that is left.
  fs::remove_all(outputs() + "/half-done");
  store_.reset();
  store_ = testing::open_store(dir_);  // the process starts again on the same file
  ASSERT_TRUE(store_);
  Maintenance maintenance(*store_, clock, options());
  auto pass = maintenance.run_once();
  ASSERT_TRUE(pass) << pass.error().message;
  EXPECT_EQ(pass->deleted, 2);
  EXPECT_FALSE(has_task("half-done"));
  EXPECT_FALSE(has_task("untouched"));
  EXPECT_FALSE(fs::exists(outputs() + "/untouched"));
}

TEST_F(MaintenanceTest, ExpiredLeasesAreQueuedAgain) {
  ManualClock clock(100 * kDay);
  ASSERT_TRUE(store_->create("stuck", testing::sample_spec(), clock.now_ms()));
  ASSERT_TRUE(store_->claim("gone-worker", clock.now_ms(), 1000)->has_value());
  Maintenance maintenance(*store_, clock, options());
  EXPECT_EQ(maintenance.run_once()->requeued, 0);
  clock.advance_ms(1001);
  EXPECT_EQ(maintenance.run_once()->requeued, 1);
  EXPECT_EQ(store_->get("stuck")->value().status, TaskStatus::kQueued);
}

// A store shared by several processes leads its upkeep from one of them at a time: that one folds the queue
// counts with each sweep, the others never do.
TEST_F(MaintenanceTest, OnlyTheUpkeepLeaderFoldsTheQueueCountsWithEachSweep) {
  struct Shared : testing::ForwardingTaskStore {
    using ForwardingTaskStore::ForwardingTaskStore;
    StoreResult<bool> try_lead_upkeep() override { return leads; }
    StoreResult<int> fold_counts() override {
      ++folds;
      return 0;
    }
    bool leads = false;
    int folds = 0;
  };
  Shared shared(*store_);
  ManualClock clock(100 * kDay);
  Maintenance maintenance(shared, clock, options());
  ASSERT_TRUE(maintenance.run_once());
  EXPECT_EQ(shared.folds, 0);
  shared.leads = true;
  ASSERT_TRUE(maintenance.run_once());
  ASSERT_TRUE(maintenance.run_once());
  EXPECT_EQ(shared.folds, 2);
}

TEST_F(MaintenanceTest, TheLoopRunsPassesUntilStopped) {
  ManualClock clock(100 * kDay);
  finished_task("later", clock.now_ms() - 8 * kDay);
  Maintenance maintenance(*store_, clock, options());
  maintenance.start();
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (has_task("later") && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  maintenance.stop();
  EXPECT_FALSE(has_task("later"));
  EXPECT_FALSE(fs::exists(outputs() + "/later"));
}

TEST_F(MaintenanceTest, TimersFollowTheMonotonicClockNotTheWallClock) {
  ManualClock clock(100 * kDay);
  Maintenance::Options o = options();
  o.requeue_period_ms = 1000;
  o.period_ms = 60'000;
  Maintenance maintenance(*store_, clock, o);
  EXPECT_EQ(maintenance.run_due(), 2);  // the first call runs every job
  EXPECT_EQ(maintenance.run_due(), 0);

  // The wall clock steps a day ahead, then two days back: no time passed in this process, nothing is due.
  clock.set_ms(clock.now_ms() + kDay);
  EXPECT_EQ(maintenance.run_due(), 0);
  clock.set_ms(clock.now_ms() - 2 * kDay);
  EXPECT_EQ(maintenance.run_due(), 0);

  clock.advance_ms(999);
  EXPECT_EQ(maintenance.run_due(), 0);
  clock.advance_ms(1);
  EXPECT_EQ(maintenance.run_due(), 1);  // the requeue sweep, on time although the wall clock went back
  EXPECT_EQ(maintenance.stats().requeue_sweeps, 2);
  EXPECT_EQ(maintenance.stats().retention_passes, 1);
  clock.advance_ms(59'000);
  EXPECT_EQ(maintenance.run_due(), 2);  // both: the minute of retention is up
  EXPECT_EQ(maintenance.stats().retention_passes, 2);
}

TEST_F(MaintenanceTest, TheLoopQueuesExpiredLeasesAgainInAProcessThatRunsNoWorkers) {
  SystemClock clock;
  ASSERT_TRUE(store_->create("orphan", testing::sample_spec(), clock.now_ms()));
  ASSERT_TRUE(store_->claim("crashed-worker", clock.now_ms() - 10'000, 1000)->has_value());  // expired
  // A node that queues tasks and runs none: its pool has no workers, its maintenance loop sweeps.
  class NoJobs final : public JobRunner {
   public:
    tg::Result<std::vector<TaskOutput>, engine::Error> run(const TaskRecord&, const std::string&,
                                                             const std::function<void(int)>&,
                                                             const std::atomic<bool>&) override {
      ADD_FAILURE() << "a pool without workers ran a job";
      return std::vector<TaskOutput>{};
    }
  } runner;
  WorkerPool pool(*store_, runner, clock, {.workers = 0, .outputs = shared_folder_outputs(outputs())});
  pool.start();
  Maintenance::Options o = options(0);
  o.requeue_period_ms = 10;
  o.period_ms = 3'600'000;
  Maintenance maintenance(*store_, clock, o);
  maintenance.start();
  auto until = std::chrono::steady_clock::now() + 10s;
  while (store_->get("orphan")->value().status != TaskStatus::kQueued && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(5ms);
  }
  maintenance.stop();
  pool.stop();
  EXPECT_EQ(store_->get("orphan")->value().status, TaskStatus::kQueued);
  EXPECT_EQ(store_->get("orphan")->value().worker_id, "");
  EXPECT_EQ(maintenance.stats().requeued, 1);
  EXPECT_GE(maintenance.stats().requeue_sweeps, 1);
}

TEST_F(MaintenanceTest, WakeRunsTheJobsTheMovedClockMadeDue) {
  ManualClock clock(100 * kDay);
  ASSERT_TRUE(store_->create("stuck", testing::sample_spec(), clock.now_ms()));
  ASSERT_TRUE(store_->claim("gone-worker", clock.now_ms(), 1000)->has_value());
  Maintenance::Options o = options(0);
  o.requeue_period_ms = 5000;
  o.period_ms = 3'600'000;
  Maintenance maintenance(*store_, clock, o);
  maintenance.start();
  auto until = std::chrono::steady_clock::now() + 10s;
  while (maintenance.stats().requeue_sweeps < 1 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(2ms);
  }
  ASSERT_EQ(maintenance.stats().requeue_sweeps, 1);
  EXPECT_EQ(maintenance.stats().requeued, 0);  // the lease still runs
  clock.advance_ms(5000);  // the lease is over, and the next sweep is due
  maintenance.wake();
  until = std::chrono::steady_clock::now() + 10s;
  while (maintenance.stats().requeued < 1 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(2ms);
  }
  maintenance.stop();
  EXPECT_EQ(maintenance.stats().requeued, 1);
  EXPECT_EQ(store_->get("stuck")->value().status, TaskStatus::kQueued);
}

}  // namespace
}  // namespace tg::tasks
