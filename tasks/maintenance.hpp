#pragma once
// The maintenance loop, one per process and one thread, with three jobs on timers of its own:
// - requeue: tasks whose lease ran out (their worker died) or whose retry time came go back to the queue;
// - callbacks: the callback sender looks for deliveries whose retry time came (first deliveries are
//   woken directly by the worker pool);
// - retention: finished tasks older than the retention go with their outputs and callbacks, a bounded
//   batch at a time. Output folders go before their rows, so a crash in between leaves a row whose folder
//   is gone (deleted by the next pass), never a folder nothing points at.
// The timers run on the clock's monotonic reading; the times they compare with rows (lease ends, retry
// times, finish times) are wall-clock ms, because other processes write and read the same rows.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "core/background_loop.hpp"
#include "core/clock.hpp"
#include "tasks/callback_sender.hpp"
#include "tasks/output_store.hpp"
#include "tasks/task_store.hpp"

namespace tg::tasks {

class Maintenance {
 public:
  struct Options {
    int64_t retention_ms = 7LL * 24 * 3600 * 1000;  // finished tasks older than this go; 0 = kept forever
    int64_t period_ms = 60000;                       // between retention passes
    int batch = 100;                                 // tasks deleted per transaction
    int max_batches = 10;                            // per pass: one pass never runs for long
    std::shared_ptr<OutputStore> outputs;            // deleted tasks' files go from here; null = none kept
    int64_t requeue_period_ms = 200;                 // between sweeps for expired leases and due retries
  };

  struct Pass {
    int requeued = 0;  // expired leases queued again
    int deleted = 0;   // finished tasks deleted
  };

  /// What the loop's jobs did so far.
  struct Stats {
    int64_t requeue_sweeps = 0;
    int64_t retention_passes = 0;
    int64_t callback_passes = 0;  // times the callback sender was sent to look for due retries
    int64_t requeued = 0;
    int64_t deleted = 0;
    int64_t store_errors = 0;
  };

  /// `callbacks` (optional) is the sender whose retries the loop schedules, every callbacks->poll_ms().
  Maintenance(TaskStore& store, const Clock& clock, Options options, CallbackSender* callbacks = nullptr);
  ~Maintenance();
  Maintenance(const Maintenance&) = delete;
  Maintenance& operator=(const Maintenance&) = delete;

  /// One requeue sweep and one retention pass on the calling thread, at the clock's time.
  StoreResult<Pass> run_once();
  /// Runs the jobs whose timer is due at the clock's monotonic time (all of them on the first call), on
  /// the calling thread; returns how many ran.
  int run_due();
  /// Runs every job now, then each on its timer, on a thread of its own (once).
  void start() { loop_.start(); }
  /// Ends the thread after the job in progress. Idempotent.
  void stop() { loop_.stop(); }
  /// Makes the thread look at its timers now (after the clock moved, or work may be due).
  void wake() { loop_.wake(); }

  Stats stats() const;

 private:
  StoreResult<int> requeue(int64_t now_ms);
  StoreResult<int> apply_retention(int64_t now_ms);
  // The thread's round: the due jobs, then the time the next one is due.
  int64_t round();
  void note_error(const std::string& job, const std::string& message);

  TaskStore& store_;
  const Clock& clock_;
  Options options_;
  CallbackSender* callbacks_;

  mutable std::mutex mutex_;
  std::mutex run_mutex_;  // one run_due() at a time

  // Monotonic due times of the jobs (guarded by run_mutex_); unset until the first run_due().
  bool timers_set_ = false;
  int64_t requeue_due_ = 0;
  int64_t callbacks_due_ = 0;
  int64_t retention_due_ = 0;
  Stats stats_;  // guarded by mutex_

  BackgroundLoop loop_;  // last: its thread uses everything above
};

}  // namespace tg::tasks
