#pragma once
// The maintenance loop, one per process: queues again the tasks whose lease ran out, and deletes
// finished tasks older than the retention together with their outputs and callbacks, a bounded batch at
// a time. Output folders go before their rows, so a crash in between leaves a row whose folder is gone
// (deleted by the next pass), never a folder nothing points at.

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "core/clock.hpp"
#include "tasks/task_store.hpp"

namespace tg::tasks {

class Maintenance {
 public:
  struct Options {
    int64_t retention_ms = 7LL * 24 * 3600 * 1000;  // finished tasks older than this go; 0 = kept forever
    int64_t period_ms = 60000;                       // between passes
    int batch = 100;                                 // tasks deleted per transaction
    int max_batches = 10;                            // per pass: one pass never runs for long
    std::string outputs_dir;                         // a task's files are in outputs_dir/<task id>/
  };

  struct Pass {
    int requeued = 0;  // expired leases queued again
    int deleted = 0;   // finished tasks deleted
  };

  Maintenance(TaskStore& store, const Clock& clock, Options options);
  ~Maintenance();
  Maintenance(const Maintenance&) = delete;
  Maintenance& operator=(const Maintenance&) = delete;

  /// One pass on the calling thread, at the clock's time.
  StoreResult<Pass> run_once();
  /// Runs a pass now and then every period_ms on a thread of its own (once).
  void start();
  /// Ends the thread after the pass in progress. Idempotent.
  void stop();

 private:
  void loop();

  TaskStore& store_;
  const Clock& clock_;
  Options options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace tg::tasks
