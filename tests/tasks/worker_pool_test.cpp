#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include "core/clock.hpp"
#include "task_test_support.hpp"
#include "tasks/maintenance.hpp"
#include "tasks/worker_pool.hpp"

namespace tg::tasks {
namespace {

using namespace std::chrono_literals;
using RunResult = tg::Result<std::vector<TaskOutput>, engine::Error>;
using RunFn = std::function<RunResult(const TaskRecord&, const std::string&, const std::function<void(int)>&,
                                      const std::atomic<bool>&)>;

class FakeRunner final : public JobRunner {
 public:
  explicit FakeRunner(RunFn fn) : fn_(std::move(fn)) {}
  RunResult run(const TaskRecord& task, const std::string& out_dir, const std::function<void(int)>& progress,
                const std::atomic<bool>& cancel) override {
    {
      std::lock_guard lock(mutex_);
      calls_.push_back({task.id, out_dir});
    }
    return fn_(task, out_dir, progress, cancel);
  }
  std::vector<std::pair<std::string, std::string>> calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  RunFn fn_;
  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, std::string>> calls_;
};

// Polls the store until the task reaches `status` or the time runs out.
std::optional<TaskRecord> wait_for_status(TaskStore& store, const std::string& id, TaskStatus status,
                                          std::chrono::milliseconds timeout = 5s) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    auto got = store.get(id);
    if (got && got->has_value() && (*got)->status == status) return **got;
    std::this_thread::sleep_for(5ms);
  }
  return std::nullopt;
}

// Waits until `flag` is raised or the time runs out.
bool wait_flag(const std::atomic<bool>& flag, std::chrono::milliseconds timeout = 5s) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (!flag.load()) {
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

CallbackComposer status_composer() {
  return [](const TaskRecord& finished) -> std::optional<CallbackDelivery> {
    if (finished.spec.callback_url.empty()) return std::nullopt;
    CallbackDelivery delivery;
    delivery.url = finished.spec.callback_url;
    delivery.body = std::string("{\"status\":\"") + to_string(finished.status) + "\",\"code\":\"" +
                    finished.error_code + "\",\"outputs\":" + std::to_string(finished.outputs.size()) +
                    ",\"finished\":" + std::to_string(finished.finished_ms) + "}";
    return delivery;
  };
}

class WorkerPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_dir();
    store_ = testing::open_store(dir_);
    ASSERT_TRUE(store_);
  }

  WorkerPool::Options options(int64_t lease_ms = 30'000, int64_t poll_ms = 20) const {
    WorkerPool::Options o;
    o.workers = 2;
    o.lease_ms = lease_ms;
    o.poll_ms = poll_ms;
    o.outputs = shared_folder_outputs(dir_ + "/outputs");
    o.worker_prefix = "test";
    return o;
  }

  std::string dir_;
  std::unique_ptr<SqliteTaskStore> store_;
  SystemClock clock_;
};

TEST_F(WorkerPoolTest, SuccessfulJobCompletesWithOutputsAndCallback) {
  FakeRunner runner([](const TaskRecord& task, const std::string&, const std::function<void(int)>& progress,
                       const std::atomic<bool>&) -> RunResult {
    progress(50);
    return std::vector<TaskOutput>{{task.id + ".jpg", "image", 1500, 64, 36}};
  });
  ASSERT_TRUE(store_->create("ok-1", testing::sample_spec(), clock_.now_ms()));
  WorkerPool pool(*store_, runner, clock_, options(), status_composer());
  pool.start();
  pool.wake();
  auto done = wait_for_status(*store_, "ok-1", TaskStatus::kSucceeded);
  pool.stop();
  ASSERT_TRUE(done);
  EXPECT_EQ(done->progress, 100);
  EXPECT_EQ(done->attempts, 1);
  EXPECT_GT(done->finished_ms, 0);
  EXPECT_EQ(done->worker_id.rfind("test-", 0), 0u) << done->worker_id;
  ASSERT_EQ(done->outputs.size(), 1u);
  EXPECT_EQ(done->outputs[0].name, "ok-1.jpg");
  EXPECT_EQ(done->outputs[0].offset_ms, 1500);
  ASSERT_EQ(runner.calls().size(), 1u);
  EXPECT_EQ(runner.calls()[0].second, dir_ + "/outputs/ok-1");

  auto callbacks = store_->callbacks_for("ok-1");
  ASSERT_TRUE(callbacks);
  ASSERT_EQ(callbacks->size(), 1u);
  EXPECT_EQ(callbacks->front().url, testing::sample_spec().callback_url);
  EXPECT_EQ(callbacks->front().body, "{\"status\":\"SUCCEEDED\",\"code\":\"\",\"outputs\":1,\"finished\":" +
                                         std::to_string(done->finished_ms) + "}");
  EXPECT_EQ(pool.stats().succeeded, 1);
}

TEST_F(WorkerPoolTest, BusyCountsTheWorkersRunningATask) {
  std::atomic<bool> started{false};
  std::atomic<bool> release{false};
  FakeRunner runner([&](const TaskRecord&, const std::string&, const std::function<void(int)>&,
                        const std::atomic<bool>&) -> RunResult {
    started = true;
    wait_flag(release, 10s);
    return std::vector<TaskOutput>{};
  });
  WorkerPool pool(*store_, runner, clock_, options());
  EXPECT_EQ(pool.workers(), 2);
  EXPECT_EQ(pool.busy(), 0);
  ASSERT_TRUE(store_->create("busy-1", testing::sample_spec(), clock_.now_ms()));
  pool.start();
  pool.wake();
  ASSERT_TRUE(wait_flag(started));
  EXPECT_EQ(pool.busy(), 1);
  release = true;
  ASSERT_TRUE(wait_for_status(*store_, "busy-1", TaskStatus::kSucceeded));
  auto until = std::chrono::steady_clock::now() + 5s;
  while (pool.busy() != 0 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(2ms);
  EXPECT_EQ(pool.busy(), 0);
  pool.stop();
}

// A drain that begins while a worker is claiming waits for the claimed task: once the store says the task
// runs, it finishes within the grace instead of going back to the queue. Repeated, so that drains land
// before, during and after claims.
TEST_F(WorkerPoolTest, ADrainDuringAClaimLetsTheClaimedTaskFinish) {
  FakeRunner runner([](const TaskRecord&, const std::string&, const std::function<void(int)>&,
                       const std::atomic<bool>&) -> RunResult { return std::vector<TaskOutput>{}; });
  for (int round = 0; round < 60; ++round) {
    const std::string id = "drain-" + std::to_string(round);
    ASSERT_TRUE(store_->create(id, testing::sample_spec(), clock_.now_ms()));
    WorkerPool pool(*store_, runner, clock_, options(30'000, 1));
    pool.start();
    pool.wake();
    if (round % 3 == 1) std::this_thread::yield();
    if (round % 3 == 2) std::this_thread::sleep_for(std::chrono::microseconds(50 * round));
    EXPECT_TRUE(pool.drain(10s)) << id;
    EXPECT_EQ(pool.stats().released, 0) << id;
    auto record = store_->get(id);
    ASSERT_TRUE(record && record->has_value());
    const TaskStatus status = (*record)->status;
    EXPECT_TRUE(status == TaskStatus::kQueued || status == TaskStatus::kSucceeded) << id << " " << to_string(status);
    if (status == TaskStatus::kQueued) {
      EXPECT_EQ((*record)->attempts, 0) << id;
      ASSERT_TRUE(store_->cancel(id, clock_.now_ms()));  // not claimed: out of the next round's way
    }
  }
}

TEST_F(WorkerPoolTest, AJobsOwnOutputFolderIsWhereItsFilesGo) {
  FakeRunner runner([](const TaskRecord&, const std::string&, const std::function<void(int)>&,
                       const std::atomic<bool>&) -> RunResult { return std::vector<TaskOutput>{}; });
  TaskSpec spec = testing::sample_spec();
  spec.job.output_dir = dir_ + "/bucket/thumbs";
  ASSERT_TRUE(store_->create("own-dir", spec, clock_.now_ms()));
  WorkerPool pool(*store_, runner, clock_, options(), status_composer());
  pool.start();
  pool.wake();
  auto done = wait_for_status(*store_, "own-dir", TaskStatus::kSucceeded);
  pool.stop();
  ASSERT_TRUE(done);
  EXPECT_EQ(done->spec.job.output_dir, dir_ + "/bucket/thumbs");
  ASSERT_EQ(runner.calls().size(), 1u);
  EXPECT_EQ(runner.calls()[0].second, dir_ + "/bucket/thumbs");
}

TEST_F(WorkerPoolTest, FailedJobIsRecordedWithItsEngineError) {
  FakeRunner runner([](const TaskRecord&, const std::string&, const std::function<void(int)>&,
                       const std::atomic<bool>&) -> RunResult {
    return tg::unexpected(engine::Error{engine::Errc::kNotFound, "no such file: a.mp4"});
  });
  ASSERT_TRUE(store_->create("bad-1", testing::sample_spec(), clock_.now_ms()));
  WorkerPool pool(*store_, runner, clock_, options(), status_composer());
  pool.start();
  auto done = wait_for_status(*store_, "bad-1", TaskStatus::kFailed);
  pool.stop();
  ASSERT_TRUE(done);
  EXPECT_EQ(done->error_code, "not_found");
  EXPECT_EQ(done->error_message, "no such file: a.mp4");
  EXPECT_TRUE(done->outputs.empty());
  auto callbacks = store_->callbacks_for("bad-1");
  ASSERT_EQ(callbacks->size(), 1u);
  EXPECT_NE(callbacks->front().body.find("\"status\":\"FAILED\",\"code\":\"not_found\""), std::string::npos);
  EXPECT_EQ(pool.stats().failed, 1);
}

TEST_F(WorkerPoolTest, ThrowingRunnerAndUnsafeIdFailTheTask) {
  FakeRunner runner([](const TaskRecord&, const std::string&, const std::function<void(int)>&,
                       const std::atomic<bool>&) -> RunResult { throw std::runtime_error("/srv/private/a.mp4"); });
  ASSERT_TRUE(store_->create("throws", testing::sample_spec(), clock_.now_ms()));
  ASSERT_TRUE(store_->create("../evil", testing::sample_spec(), clock_.now_ms()));
  WorkerPool pool(*store_, runner, clock_, options());
  pool.start();
  auto thrown = wait_for_status(*store_, "throws", TaskStatus::kFailed);
  auto evil = wait_for_status(*store_, "../evil", TaskStatus::kFailed);
  pool.stop();
  ASSERT_TRUE(thrown);
  EXPECT_EQ(thrown->error_code, "internal");
  EXPECT_EQ(thrown->error_message, "job runner failed");  // the exception's text is for the log only
  ASSERT_TRUE(evil);
  EXPECT_EQ(evil->error_code, "invalid_argument");
  for (const auto& call : runner.calls()) EXPECT_NE(call.first, "../evil");
  EXPECT_TRUE(store_->callbacks_for("throws")->empty());  // no composer, no callback
}

TEST_F(WorkerPoolTest, StopMidTaskPutsItBackInTheQueueAtOnce) {
  std::atomic<bool> started{false};
  FakeRunner runner([&](const TaskRecord&, const std::string&, const std::function<void(int)>&,
                        const std::atomic<bool>& cancel) -> RunResult {
    started = true;
    while (!cancel.load()) std::this_thread::sleep_for(1ms);
    return tg::unexpected(engine::Error{engine::Errc::kCancelled, "cancelled"});
  });
  ASSERT_TRUE(store_->create("long", testing::sample_spec(), clock_.now_ms()));
  const int64_t lease = 60'000;
  WorkerPool pool(*store_, runner, clock_, options(lease), status_composer());
  pool.start();
  ASSERT_TRUE(wait_flag(started));
  pool.stop();

  // Not left RUNNING until its lease ends: the next start (or another process) takes it right away, and
  // the interrupted run does not count as an attempt.
  auto after_stop = store_->get("long");
  ASSERT_TRUE(after_stop && after_stop->has_value());
  EXPECT_EQ((*after_stop)->status, TaskStatus::kQueued);
  EXPECT_EQ((*after_stop)->worker_id, "");
  EXPECT_EQ((*after_stop)->attempts, 0);
  EXPECT_TRUE(store_->callbacks_for("long")->empty());
  // The other worker may claim the handed-back task before it sees the stop, and hand it back too.
  EXPECT_GE(pool.stats().released, 1);
  EXPECT_EQ(pool.stats().abandoned, 0);
  EXPECT_EQ(pool.stats().failed, 0);
  // Each interrupted run is in the history as put back, with no error.
  auto attempts = store_->attempts("long");
  ASSERT_TRUE(attempts);
  ASSERT_GE(attempts->size(), 1u);
  for (const TaskAttempt& attempt : *attempts) {
    EXPECT_EQ(attempt.outcome, "released");
    EXPECT_EQ(attempt.error_code, "");
    EXPECT_GT(attempt.ended_ms, 0);
  }
}

TEST_F(WorkerPoolTest, DrainLetsRunningJobsFinishAndClaimsNothingMore) {
  std::atomic<bool> started{false};
  std::atomic<bool> go_on{false};
  FakeRunner runner([&](const TaskRecord& task, const std::string&, const std::function<void(int)>&,
                        const std::atomic<bool>& cancel) -> RunResult {
    started = true;
    while (!go_on.load() && !cancel.load()) std::this_thread::sleep_for(1ms);
    if (cancel.load()) return tg::unexpected(engine::Error{engine::Errc::kCancelled, "cancelled"});
    return std::vector<TaskOutput>{{task.id + ".jpg", "image", 0, 1, 1}};
  });
  ASSERT_TRUE(store_->create("a-running", testing::sample_spec(), clock_.now_ms()));
  ASSERT_TRUE(store_->create("b-waiting", testing::sample_spec(), clock_.now_ms() + 1));
  WorkerPool::Options o = options();
  o.workers = 1;
  WorkerPool pool(*store_, runner, clock_, o, status_composer());
  pool.start();
  ASSERT_TRUE(wait_flag(started));
  std::atomic<bool> drained{false};
  std::thread draining([&] { drained = pool.drain(30s); });
  auto until = std::chrono::steady_clock::now() + 5s;
  while (!pool.draining() && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(1ms);
  EXPECT_TRUE(pool.draining());
  go_on = true;  // the job finishes inside the grace
  draining.join();
  EXPECT_TRUE(drained.load());
  EXPECT_EQ(store_->get("a-running")->value().status, TaskStatus::kSucceeded);
  EXPECT_EQ(store_->get("b-waiting")->value().status, TaskStatus::kQueued);
  EXPECT_EQ(runner.calls().size(), 1u);
  EXPECT_EQ(store_->callbacks_for("a-running")->size(), 1u);
}

TEST_F(WorkerPoolTest, DrainPastItsGraceCancelsTheJobAndQueuesItsTask) {
  std::atomic<bool> started{false};
  FakeRunner runner([&](const TaskRecord&, const std::string&, const std::function<void(int)>&,
                        const std::atomic<bool>& cancel) -> RunResult {
    started = true;
    while (!cancel.load()) std::this_thread::sleep_for(1ms);
    return tg::unexpected(engine::Error{engine::Errc::kCancelled, "cancelled"});
  });
  ASSERT_TRUE(store_->create("endless", testing::sample_spec(), clock_.now_ms()));
  WorkerPool pool(*store_, runner, clock_, options(), status_composer());
  pool.start();
  ASSERT_TRUE(wait_flag(started));
  EXPECT_FALSE(pool.drain(100ms));
  auto record = store_->get("endless")->value();
  EXPECT_EQ(record.status, TaskStatus::kQueued);
  EXPECT_EQ(record.attempts, 0);
  EXPECT_TRUE(store_->callbacks_for("endless")->empty());
}

// An output store that cannot take a finished job's files yet: the task is tried again later, and says it
// succeeded only once its files were published.
class FlakyOutputs final : public OutputStore {
 public:
  explicit FlakyOutputs(std::string root) : folder_(std::move(root)) {}
  std::string working_folder(const std::string& id) const override { return folder_.working_folder(id); }
  StoreResult<bool> publish(const std::string& id, const std::vector<TaskOutput>& outputs) override {
    if (publishes_.fetch_add(1) == 0) return tg::unexpected(StoreError{"bucket unreachable"});
    published_ids_.push_back(id + ":" + std::to_string(outputs.size()));
    return true;
  }
  StoreResult<bool> remove(const std::string& id) override { return folder_.remove(id); }
  std::vector<std::string> published() const { return published_ids_; }

 private:
  SharedFolderOutputStore folder_;
  std::atomic<int> publishes_{0};
  std::vector<std::string> published_ids_;
};

TEST_F(WorkerPoolTest, OutputsThatCannotBePublishedMakeATransientFailure) {
  ManualClock clock;
  std::vector<std::string> folders;
  FakeRunner runner([&](const TaskRecord& task, const std::string& out_dir, const std::function<void(int)>&,
                        const std::atomic<bool>&) -> RunResult {
    folders.push_back(out_dir);
    return std::vector<TaskOutput>{{task.id + ".jpg", "image", 0, 1, 1}};
  });
  ASSERT_TRUE(store_->create("publish-1", testing::sample_spec(), clock.now_ms()));
  auto outputs = std::make_shared<FlakyOutputs>(dir_ + "/outputs");
  WorkerPool::Options o = options();
  o.outputs = outputs;
  o.retry_delay_ms = 1000;
  WorkerPool pool(*store_, runner, clock, o, status_composer());
  pool.start();
  auto until = std::chrono::steady_clock::now() + 5s;
  while (pool.stats().retried == 0 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(2ms);
  ASSERT_EQ(pool.stats().retried, 1);
  EXPECT_NE(store_->get("publish-1")->value().status, TaskStatus::kSucceeded);
  EXPECT_TRUE(store_->callbacks_for("publish-1")->empty());
  auto attempts = store_->attempts("publish-1");
  ASSERT_TRUE(attempts);
  ASSERT_EQ(attempts->size(), 1u);
  EXPECT_NE(attempts->front().error_message.find("cannot publish the outputs: bucket unreachable"), std::string::npos);

  clock.advance_ms(1001);
  Maintenance maintenance(*store_, clock, {.retention_ms = 0});
  ASSERT_EQ(maintenance.run_once()->requeued, 1);
  pool.wake();
  ASSERT_TRUE(wait_for_status(*store_, "publish-1", TaskStatus::kSucceeded));
  pool.stop();
  EXPECT_EQ(outputs->published(), std::vector<std::string>{"publish-1:1"});
  ASSERT_EQ(folders.size(), 2u);
  EXPECT_EQ(folders[0], dir_ + "/outputs/publish-1");
}

TEST(SharedFolderOutputStore, RemovesATasksFolderAndNeverAPathAnIdCouldName) {
  const std::string root = testing::fresh_dir() + "/outputs";
  SharedFolderOutputStore outputs(root);
  EXPECT_EQ(outputs.working_folder("t-1"), root + "/t-1");
  std::filesystem::create_directories(root + "/t-1");
  std::ofstream(root + "/t-1/0.jpg") << "x";
  std::ofstream(root + "/keep.txt") << "x";
  ASSERT_TRUE(outputs.remove("t-1"));
  EXPECT_FALSE(std::filesystem::exists(root + "/t-1"));
  EXPECT_TRUE(outputs.remove("t-1").ok());  // nothing left is not an error
  for (const std::string id : {"", "..", ".", "../outputs", "a/b", "/etc"}) {
    EXPECT_FALSE(outputs.remove(id).ok()) << id;
  }
  EXPECT_TRUE(std::filesystem::exists(root + "/keep.txt"));
  EXPECT_TRUE(std::filesystem::exists(root));
}

TEST_F(WorkerPoolTest, TransientFailureIsRetriedLaterWithoutACallback) {
  ManualClock clock;
  std::atomic<int> runs{0};
  FakeRunner runner([&](const TaskRecord& task, const std::string&, const std::function<void(int)>&,
                        const std::atomic<bool>&) -> RunResult {
    if (runs.fetch_add(1) == 0) {
      return tg::unexpected(engine::Error{engine::Errc::kUnavailable, "cannot open: Too many open files"});
    }
    return std::vector<TaskOutput>{{task.id + ".jpg", "image", 0, 1, 1}};
  });
  ASSERT_TRUE(store_->create("emfile", testing::sample_spec(), clock.now_ms()));
  WorkerPool::Options o = options();
  o.retry_delay_ms = 5000;
  WorkerPool pool(*store_, runner, clock, o, status_composer());
  pool.start();
  // First attempt failed for want of descriptors: held back until the retry time, no callback.
  auto until = std::chrono::steady_clock::now() + 5s;
  while (pool.stats().retried == 0 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(2ms);
  ASSERT_EQ(pool.stats().retried, 1);
  auto waiting = store_->get("emfile")->value();
  EXPECT_NE(waiting.status, TaskStatus::kFailed);
  EXPECT_EQ(waiting.worker_id, "");
  EXPECT_EQ(waiting.lease_until_ms, clock.now_ms() + 5000);
  EXPECT_TRUE(store_->callbacks_for("emfile")->empty());
  std::this_thread::sleep_for(100ms);  // several polls: nothing runs before the retry time
  EXPECT_EQ(runs.load(), 1);

  // The retry time comes: the maintenance loop queues the task again and a worker takes it.
  clock.advance_ms(5001);
  Maintenance maintenance(*store_, clock, {.retention_ms = 0});
  ASSERT_EQ(maintenance.run_once()->requeued, 1);
  pool.wake();
  auto done = wait_for_status(*store_, "emfile", TaskStatus::kSucceeded);
  pool.stop();
  ASSERT_TRUE(done);
  EXPECT_EQ(done->attempts, 2);
  auto callbacks = store_->callbacks_for("emfile");
  ASSERT_EQ(callbacks->size(), 1u);
  EXPECT_NE(callbacks->front().body.find("\"status\":\"SUCCEEDED\""), std::string::npos);
  EXPECT_EQ(pool.stats().failed, 0);
  // The history shows the try that was put back, with the error that caused it, and the one that worked.
  auto attempts = store_->attempts("emfile");
  ASSERT_TRUE(attempts);
  ASSERT_EQ(attempts->size(), 2u);
  EXPECT_EQ((*attempts)[0].outcome, "retry");
  EXPECT_EQ((*attempts)[0].error_code, engine::errc_name(engine::Errc::kUnavailable));
  EXPECT_EQ((*attempts)[0].error_message, "cannot open: Too many open files");
  EXPECT_EQ((*attempts)[1].outcome, "succeeded");
  EXPECT_EQ((*attempts)[1].error_code, "");
}

TEST_F(WorkerPoolTest, TransientFailureFailsTheTaskAfterMaxAttempts) {
  FakeRunner runner([](const TaskRecord&, const std::string&, const std::function<void(int)>&,
                       const std::atomic<bool>&) -> RunResult {
    return tg::unexpected(engine::Error{engine::Errc::kUnavailable, "out of memory"});
  });
  ASSERT_TRUE(store_->create("starved", testing::sample_spec(), clock_.now_ms()));
  WorkerPool::Options o = options();
  o.max_attempts = 3;
  o.retry_delay_ms = 0;
  WorkerPool pool(*store_, runner, clock_, o, status_composer());
  pool.start();
  auto done = wait_for_status(*store_, "starved", TaskStatus::kFailed);
  pool.stop();
  ASSERT_TRUE(done);
  EXPECT_EQ(done->attempts, 3);
  EXPECT_EQ(done->error_code, "unavailable");
  EXPECT_EQ(runner.calls().size(), 3u);
  EXPECT_EQ(pool.stats().retried, 2);
  ASSERT_EQ(store_->callbacks_for("starved")->size(), 1u);  // one callback, for the final outcome
}

TEST_F(WorkerPoolTest, FullDiskFailsTheTaskAtOnce) {
  FakeRunner runner([](const TaskRecord&, const std::string&, const std::function<void(int)>&,
                       const std::atomic<bool>&) -> RunResult {
    return tg::unexpected(engine::Error{engine::Errc::kNoSpace, "no space left for the outputs"});
  });
  ASSERT_TRUE(store_->create("full", testing::sample_spec(), clock_.now_ms()));
  WorkerPool pool(*store_, runner, clock_, options(), status_composer());
  pool.start();
  auto done = wait_for_status(*store_, "full", TaskStatus::kFailed);
  pool.stop();
  ASSERT_TRUE(done);
  EXPECT_EQ(done->attempts, 1);  // retrying would only fill the disk again
  EXPECT_EQ(done->error_code, "no_space");
  EXPECT_EQ(pool.stats().retried, 0);
}

TEST_F(WorkerPoolTest, RemoteInputsLeaveAWorkerForLocalTasks) {
  // Remote jobs hang (a slow origin) until stopped; local ones finish at once.
  std::atomic<int> remote_running{0};
  FakeRunner runner([&](const TaskRecord& task, const std::string&, const std::function<void(int)>&,
                        const std::atomic<bool>& cancel) -> RunResult {
    if (task.spec.input.rfind("http", 0) != 0) return std::vector<TaskOutput>{{task.id + ".jpg", "image", 0, 1, 1}};
    ++remote_running;
    while (!cancel.load()) std::this_thread::sleep_for(1ms);
    --remote_running;
    return tg::unexpected(engine::Error{engine::Errc::kCancelled, "cancelled"});
  });
  TaskSpec remote = testing::sample_spec();
  remote.input = "http://127.0.0.1:9/slow.mp4";
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(store_->create("remote-" + std::to_string(i), remote, clock_.now_ms() + i));
  ASSERT_TRUE(store_->create("local", testing::sample_spec(), clock_.now_ms() + 10));
  WorkerPool::Options o = options();
  o.workers = 3;  // at most 2 run remote inputs
  WorkerPool pool(*store_, runner, clock_, o);
  pool.start();
  auto local = wait_for_status(*store_, "local", TaskStatus::kSucceeded);
  const int remote_at_most = remote_running.load();
  pool.stop();
  ASSERT_TRUE(local) << "every worker was held by a remote input";
  EXPECT_LE(remote_at_most, 2);
  EXPECT_EQ(store_->get("remote-2")->value().status, TaskStatus::kQueued);
}

TEST_F(WorkerPoolTest, ConfiguredRemoteShareIsKept) {
  std::atomic<int> remote_running{0};
  std::atomic<int> most{0};
  FakeRunner runner([&](const TaskRecord&, const std::string&, const std::function<void(int)>&,
                        const std::atomic<bool>& cancel) -> RunResult {
    int now = ++remote_running;
    for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
    }
    while (!cancel.load()) std::this_thread::sleep_for(1ms);
    --remote_running;
    return tg::unexpected(engine::Error{engine::Errc::kCancelled, "cancelled"});
  });
  TaskSpec remote = testing::sample_spec();
  remote.input = "https://127.0.0.1:9/slow.mp4";
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(store_->create("r" + std::to_string(i), remote, clock_.now_ms() + i));
  WorkerPool::Options o = options();
  o.workers = 4;
  o.max_remote_workers = 1;
  WorkerPool pool(*store_, runner, clock_, o);
  pool.start();
  auto until = std::chrono::steady_clock::now() + 5s;
  while (remote_running.load() == 0 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(100ms);  // several polls of the other three workers
  pool.stop();
  EXPECT_EQ(most.load(), 1);
}

TEST_F(WorkerPoolTest, HeartbeatKeepsALongJobsLease) {
  const int64_t lease = 300;
  FakeRunner runner([](const TaskRecord&, const std::string&, const std::function<void(int)>& progress,
                       const std::atomic<bool>& cancel) -> RunResult {
    for (int i = 0; i < 120 && !cancel.load(); ++i) {  // ~1.2 s: four leases long
      progress(i * 100 / 120);
      std::this_thread::sleep_for(10ms);
    }
    if (cancel.load()) return tg::unexpected(engine::Error{engine::Errc::kCancelled, "cancelled"});
    return std::vector<TaskOutput>{};
  });
  ASSERT_TRUE(store_->create("slow", testing::sample_spec(), clock_.now_ms()));
  WorkerPool::Options o = options(lease);
  o.workers = 1;
  WorkerPool pool(*store_, runner, clock_, o);
  pool.start();
  // Meanwhile another process sweeps expired leases as often as it can.
  int requeued = 0;
  int max_progress = 0;
  std::optional<TaskRecord> done;
  auto until = std::chrono::steady_clock::now() + 5s;
  while (!done && std::chrono::steady_clock::now() < until) {
    auto swept = store_->requeue_expired(clock_.now_ms());
    ASSERT_TRUE(swept);
    requeued += *swept;
    auto got = store_->get("slow");
    ASSERT_TRUE(got && got->has_value());
    if ((*got)->status == TaskStatus::kRunning) max_progress = std::max(max_progress, (*got)->progress);
    if ((*got)->status == TaskStatus::kSucceeded) done = **got;
    std::this_thread::sleep_for(10ms);
  }
  pool.stop();
  ASSERT_TRUE(done);
  EXPECT_EQ(requeued, 0);
  EXPECT_EQ(done->attempts, 1);
  EXPECT_GT(max_progress, 0);  // the heartbeat carried the job's progress into the row
}

TEST_F(WorkerPoolTest, LostLeaseCancelsTheJobAndTheTaskRunsAgain) {
  std::atomic<int> runs{0};
  std::atomic<bool> first_started{false};
  FakeRunner runner([&](const TaskRecord&, const std::string&, const std::function<void(int)>&,
                        const std::atomic<bool>& cancel) -> RunResult {
    if (++runs == 1) {
      first_started = true;
      while (!cancel.load()) std::this_thread::sleep_for(1ms);
      return tg::unexpected(engine::Error{engine::Errc::kCancelled, "cancelled"});
    }
    return std::vector<TaskOutput>{{"0.jpg", "image", 0, 1, 1}};
  });
  ASSERT_TRUE(store_->create("stolen", testing::sample_spec(), clock_.now_ms()));
  const int64_t lease = 150;
  WorkerPool::Options o = options(lease);
  o.workers = 1;
  WorkerPool pool(*store_, runner, clock_, o, status_composer());
  pool.start();
  ASSERT_TRUE(wait_flag(first_started));
  // Someone decides the lease is over (as a sweep far in the future would).
  EXPECT_EQ(*store_->requeue_expired(clock_.now_ms() + 10 * lease), 1);
  auto done = wait_for_status(*store_, "stolen", TaskStatus::kSucceeded);
  pool.stop();
  ASSERT_TRUE(done);
  EXPECT_EQ(done->attempts, 2);
  EXPECT_EQ(runs.load(), 2);
  EXPECT_EQ(store_->callbacks_for("stolen")->size(), 1u);  // only the real finish wrote a callback
}

TEST_F(WorkerPoolTest, WakeClaimsWithoutWaitingForThePoll) {
  FakeRunner runner([](const TaskRecord&, const std::string&, const std::function<void(int)>&,
                       const std::atomic<bool>&) -> RunResult { return std::vector<TaskOutput>{}; });
  WorkerPool pool(*store_, runner, clock_, options(30'000, 60'000));
  pool.start();
  std::this_thread::sleep_for(100ms);  // both workers are now idle in their minute-long wait
  ASSERT_TRUE(store_->create("quick", testing::sample_spec(), clock_.now_ms()));
  auto started = std::chrono::steady_clock::now();
  pool.wake();
  auto done = wait_for_status(*store_, "quick", TaskStatus::kSucceeded, 3s);
  auto waited = std::chrono::steady_clock::now() - started;
  pool.stop();
  ASSERT_TRUE(done);
  EXPECT_LT(waited, 3s);
}

TEST_F(WorkerPoolTest, ManyTasksAreEachRunOnce) {
  FakeRunner runner([](const TaskRecord&, const std::string&, const std::function<void(int)>&,
                       const std::atomic<bool>&) -> RunResult { return std::vector<TaskOutput>{}; });
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(store_->create("m" + std::to_string(i), testing::sample_spec(), i));
  WorkerPool::Options o = options();
  o.workers = 3;
  WorkerPool pool(*store_, runner, clock_, o);
  pool.start();
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(wait_for_status(*store_, "m" + std::to_string(i), TaskStatus::kSucceeded));
  pool.stop();
  EXPECT_EQ(runner.calls().size(), 30u);
  EXPECT_EQ(pool.stats().succeeded, 30);
}

}  // namespace
}  // namespace tg::tasks

namespace tg::tasks {
namespace {

// Threads of this process now.
size_t thread_count() {
  size_t n = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) ++n;
  return n;
}

TEST_F(WorkerPoolTest, OneHeartbeatThreadKeepsTheLeasesOfEveryRunningTask) {
  const int64_t lease = 300;
  std::atomic<bool> go_on{false};
  std::atomic<int> running{0};
  FakeRunner runner([&](const TaskRecord& task, const std::string&, const std::function<void(int)>&,
                        const std::atomic<bool>& cancel) -> RunResult {
    ++running;
    while (!go_on.load() && !cancel.load()) std::this_thread::sleep_for(1ms);
    if (cancel.load()) return tg::unexpected(engine::Error{engine::Errc::kCancelled, "cancelled"});
    return std::vector<TaskOutput>{{task.id + ".jpg", "image", 0, 1, 1}};
  });
  std::map<std::string, int64_t> first_lease;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(store_->create("long-" + std::to_string(i), testing::sample_spec(), i));
  WorkerPool::Options o = options(lease);
  o.workers = 3;
  const size_t before = thread_count();
  WorkerPool pool(*store_, runner, clock_, o, status_composer());
  pool.start();
  auto until = std::chrono::steady_clock::now() + 5s;
  while (running.load() < 3 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(1ms);
  ASSERT_EQ(running.load(), 3);
  for (int i = 0; i < 3; ++i) {
    const std::string id = "long-" + std::to_string(i);
    first_lease[id] = store_->get(id)->value().lease_until_ms;
  }
  // Every task's lease is extended past its first end (so the heartbeats reached each of them), while
  // another process sweeps expired leases as often as it can.
  int requeued = 0;
  std::set<std::string> extended;
  until = std::chrono::steady_clock::now() + 10s;
  while (extended.size() < 3 && std::chrono::steady_clock::now() < until) {
    auto swept = store_->requeue_expired(clock_.now_ms());
    ASSERT_TRUE(swept);
    requeued += *swept;
    for (const auto& [id, lease_until] : first_lease) {
      auto record = store_->get(id)->value();
      if (record.status == TaskStatus::kRunning && record.lease_until_ms > lease_until) extended.insert(id);
    }
    std::this_thread::sleep_for(5ms);
  }
  const size_t during = thread_count();
  go_on = true;
  for (const auto& [id, lease_until] : first_lease) {
    auto done = wait_for_status(*store_, id, TaskStatus::kSucceeded);
    ASSERT_TRUE(done) << id;
    EXPECT_EQ(done->attempts, 1) << id;
  }
  pool.stop();
  EXPECT_EQ(extended.size(), 3u);
  EXPECT_EQ(requeued, 0);
  EXPECT_EQ(during, before + 3 + 1);  // three workers and one heartbeat thread, not one per task
  EXPECT_EQ(pool.leases().holding(), 0u);
}

TEST_F(WorkerPoolTest, IdleWorkersLeaveExpiredLeasesToTheMaintenanceLoop) {
  FakeRunner runner([](const TaskRecord&, const std::string&, const std::function<void(int)>&,
                       const std::atomic<bool>&) -> RunResult { return std::vector<TaskOutput>{}; });
  ASSERT_TRUE(store_->create("orphan", testing::sample_spec(), clock_.now_ms()));
  ASSERT_TRUE(store_->claim("gone-worker", clock_.now_ms() - 10'000, 1000)->has_value());  // long expired
  WorkerPool::Options o = options(30'000, 5);
  o.workers = 1;
  WorkerPool pool(*store_, runner, clock_, o, status_composer());
  pool.start();
  std::this_thread::sleep_for(100ms);  // many polls of an idle worker
  EXPECT_EQ(store_->get("orphan")->value().status, TaskStatus::kRunning);
  EXPECT_EQ(store_->get("orphan")->value().worker_id, "gone-worker");
  EXPECT_TRUE(runner.calls().empty());

  Maintenance maintenance(*store_, clock_, {.retention_ms = 0});
  ASSERT_EQ(maintenance.run_due(), 2);  // the first call runs every job: requeue and retention
  EXPECT_EQ(maintenance.stats().requeued, 1);
  pool.wake();
  auto done = wait_for_status(*store_, "orphan", TaskStatus::kSucceeded);
  pool.stop();
  ASSERT_TRUE(done);
  EXPECT_EQ(done->attempts, 2);
}

TEST_F(WorkerPoolTest, AFinishedTasksCallbackIsAnnouncedAtOnce) {
  FakeRunner runner([](const TaskRecord&, const std::string&, const std::function<void(int)>&,
                       const std::atomic<bool>&) -> RunResult { return std::vector<TaskOutput>{}; });
  ASSERT_TRUE(store_->create("with-cb", testing::sample_spec(), clock_.now_ms()));
  TaskSpec silent = testing::sample_spec();
  silent.callback_url.clear();
  ASSERT_TRUE(store_->create("without-cb", silent, clock_.now_ms() + 1));
  std::atomic<int> announced{0};
  WorkerPool::Options o = options();
  o.workers = 1;
  o.callback_queued = [&] { ++announced; };
  WorkerPool pool(*store_, runner, clock_, o, status_composer());
  pool.start();
  ASSERT_TRUE(wait_for_status(*store_, "with-cb", TaskStatus::kSucceeded));
  ASSERT_TRUE(wait_for_status(*store_, "without-cb", TaskStatus::kSucceeded));
  pool.stop();
  EXPECT_EQ(announced.load(), 1);
}

TEST_F(WorkerPoolTest, TaskThatNeverFinishesIsFailedAfterMaxAttempts) {
  FakeRunner runner([](const TaskRecord&, const std::string&, const std::function<void(int)>&,
                       const std::atomic<bool>&) -> RunResult { return std::vector<TaskOutput>{}; });
  ASSERT_TRUE(store_->create("poison", testing::sample_spec(), clock_.now_ms()));
  // Two earlier workers claimed it and vanished.
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(store_->claim("ghost", clock_.now_ms(), 1)->has_value());
    ASSERT_EQ(*store_->requeue_expired(clock_.now_ms() + 10), 1);
  }
  WorkerPool::Options o = options();
  o.max_attempts = 2;
  WorkerPool pool(*store_, runner, clock_, o, status_composer());
  pool.start();
  auto done = wait_for_status(*store_, "poison", TaskStatus::kFailed);
  pool.stop();
  ASSERT_TRUE(done);
  EXPECT_EQ(done->attempts, 3);
  EXPECT_EQ(done->error_code, "internal");
  EXPECT_NE(done->error_message.find("gave up after 2 attempts"), std::string::npos);
  EXPECT_TRUE(runner.calls().empty());
  EXPECT_EQ(store_->callbacks_for("poison")->size(), 1u);
}

}  // namespace
}  // namespace tg::tasks
