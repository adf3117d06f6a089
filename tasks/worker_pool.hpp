#pragma once
// Worker threads that claim queued tasks with a lease, keep the lease alive while the job runs, and
// record the outcome together with the task's callback in one transaction.

#include <atomic>
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
    std::string outputs_dir;    // each task writes into outputs_dir/<task id>/
    std::string worker_prefix;  // worker ids are "<prefix>-<n>"; empty = "worker-<random>"
    // A task claimed more often than this (its workers kept dying or stopping) fails instead of running.
    int max_attempts = 5;
  };

  struct Stats {
    int64_t succeeded = 0;
    int64_t failed = 0;
    int64_t abandoned = 0;     // left RUNNING because of stop() or a lost lease
    int64_t store_errors = 0;
  };

  WorkerPool(TaskStore& store, JobRunner& runner, const Clock& clock, Options options,
             CallbackComposer composer = {});
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  /// Starts the worker threads (once).
  void start();
  /// Cancels running jobs (their tasks stay RUNNING until the lease ends) and joins the threads.
  void stop();
  /// Makes idle workers look for work now instead of at the next poll.
  void wake();

  Stats stats() const;
  /// The last store error a worker met, for diagnostics; empty when none.
  std::string last_store_error() const;

 private:
  void worker_loop(int index);
  void run_task(const std::string& worker_id, const TaskRecord& task, std::atomic<bool>& cancel);
  void record_outcome(const std::string& worker_id, TaskRecord finished);
  // Waits up to poll_ms for wake(), stop() or a timeout; false once stopping.
  bool idle_wait(uint64_t& seen_generation);
  void note_store_error(const std::string& message);

  TaskStore& store_;
  JobRunner& runner_;
  const Clock& clock_;
  Options options_;
  CallbackComposer composer_;

  mutable std::mutex mutex_;
  std::condition_variable wake_cv_;
  uint64_t wake_generation_ = 0;
  bool stopping_ = false;
  bool started_ = false;
  std::vector<std::thread> threads_;
  std::vector<std::unique_ptr<std::atomic<bool>>> cancels_;  // one per worker

  std::atomic<int64_t> succeeded_{0};
  std::atomic<int64_t> failed_{0};
  std::atomic<int64_t> abandoned_{0};
  std::atomic<int64_t> store_errors_{0};
  std::string last_store_error_;  // guarded by mutex_
};

/// True when `id` can name a folder: 1..128 of [A-Za-z0-9._-], not "." or "..".
bool is_safe_task_id(const std::string& id);

}  // namespace tg::tasks
