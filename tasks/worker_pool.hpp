#pragma once
// Worker threads that claim queued tasks with a lease and record the outcome together with the task's
// callback in one transaction. One heartbeat thread (LeaseKeeper) keeps the leases of all running tasks;
// expired leases and tasks held back for a retry are queued again by the maintenance loop, not here.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "tasks/job_runner.hpp"
#include "tasks/lease_keeper.hpp"
#include "tasks/output_store.hpp"
#include "tasks/task_store.hpp"

namespace tg::tasks {

/// Renders the vendor callback for a finished task (status, outputs or error, finished_ms already set);
/// nullopt = no callback.
using CallbackComposer = std::function<std::optional<CallbackDelivery>(const TaskRecord& finished)>;

class WorkerPool {
 public:
  struct Options {
    int workers = 2;  // 0 = run nothing (the tasks wait for another process)
    int64_t lease_ms = 30000;
    int64_t poll_ms = 200;
    // Where a task's files go, unless its job names a folder of its own; null = only such jobs run.
    std::shared_ptr<OutputStore> outputs;
    std::string worker_prefix;  // worker ids are "<prefix>-<n>"; empty = "worker-<random>"
    // A task claimed more often than this (its workers kept dying) fails instead of running; a task whose
    // job failed for want of resources is tried this many times before it fails.
    int max_attempts = 5;
    // After a job failed for want of resources (descriptors, memory, I/O), its task waits this long
    // before it is queued again, doubling with every attempt up to max_retry_delay_ms.
    int64_t retry_delay_ms = 1000;
    int64_t max_retry_delay_ms = 60000;
    // Workers that may run tasks with an http(s) input at once, so that slow origins cannot hold every
    // worker while local tasks wait; 0 = all but one (at least one).
    int max_remote_workers = 0;
    // Called after a finished task's callback was queued, so that its first delivery goes out at once.
    std::function<void()> callback_queued;
  };

  struct Stats {
    int64_t succeeded = 0;
    int64_t failed = 0;
    int64_t abandoned = 0;     // left to their lease: lost meanwhile, or the store failed
    int64_t retried = 0;       // put back for a later attempt after a transient error
    int64_t released = 0;      // put back to the queue by stop()
    int64_t store_errors = 0;
  };

  WorkerPool(TaskStore& store, JobRunner& runner, const Clock& clock, Options options,
             CallbackComposer composer = {});
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  /// Starts the worker threads (once).
  void start();
  /// Cancels running jobs, puts their tasks back to the queue at once (the attempt not counted) and
  /// joins the threads.
  void stop();
  /// Claims nothing more and lets running jobs finish for up to `grace`, then stop()s. True when every
  /// running job finished on its own.
  bool drain(std::chrono::milliseconds grace);
  /// True between start() and stop() or drain(): the workers take tasks.
  bool running() const;
  /// True from the start of drain() until stop() returns.
  bool draining() const;
  /// Makes idle workers look for work now instead of at the next poll.
  void wake();
  /// The one heartbeat thread's keeper of the running tasks' leases.
  LeaseKeeper& leases() { return leases_; }

  Stats stats() const;
  /// Worker threads configured (Options::workers).
  int workers() const { return options_.workers; }
  /// Workers running a task right now.
  int busy() const;
  /// The last store error a worker met, for diagnostics; empty when none.
  std::string last_store_error() const;

 private:
  void worker_loop(int index);
  void run_task(const std::string& worker_id, const TaskRecord& task, std::atomic<bool>& cancel);
  void record_outcome(const std::string& worker_id, TaskRecord finished);
  // Hands a claimed task back: to the queue now (refund: not an attempt) or at `retry_at_ms` after `error`
  // (recorded on the attempt).
  void put_back(const std::string& worker_id, const TaskRecord& task, int64_t retry_at_ms, bool refund,
                const engine::Error* error = nullptr);
  // Waits up to poll_ms for wake(), stop() or a timeout; false once stopping.
  bool idle_wait(uint64_t& seen_generation);
  void note_store_error(const std::string& message);
  // Takes one of the remote-input slots; false when all are in use.
  bool take_remote_slot();

  TaskStore& store_;
  JobRunner& runner_;
  const Clock& clock_;
  Options options_;
  CallbackComposer composer_;

  std::mutex stop_mutex_;
  mutable std::mutex mutex_;
  std::condition_variable wake_cv_;
  std::condition_variable idle_cv_;  // engaged_ fell
  uint64_t wake_generation_ = 0;
  bool stopping_ = false;
  bool draining_ = false;
  int busy_ = 0;     // workers running a task
  int engaged_ = 0;  // workers claiming or running one: what a drain waits for
  bool started_ = false;
  std::vector<std::thread> threads_;
  std::vector<std::unique_ptr<std::atomic<bool>>> cancels_;  // one per worker

  int remote_limit_ = 1;
  std::atomic<int> remote_running_{0};
  std::atomic<int64_t> succeeded_{0};
  std::atomic<int64_t> failed_{0};
  std::atomic<int64_t> abandoned_{0};
  std::atomic<int64_t> retried_{0};
  std::atomic<int64_t> released_{0};
  std::atomic<int64_t> store_errors_{0};
  std::string last_store_error_;  // guarded by mutex_
  LeaseKeeper leases_;  // last: its thread calls note_store_error()
};

/// True when `id` can name a folder: 1..128 of [A-Za-z0-9._-], not "." or "..".
bool is_safe_task_id(const std::string& id);

}  // namespace tg::tasks
