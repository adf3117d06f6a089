#pragma once
// Group commit of concurrent submissions: callers on many threads call enqueue() and block until the
// batch holding their task is stored and on the disk (or call enqueue_then() and are answered on the answer
// thread once it is); one writer thread takes everything waiting (up to max_batch) and stores it with one
// TaskStore::enqueue_many_unsynced() call, then hands the committed batch to the answer thread. That thread
// waits for the disk (TaskStore::make_durable, once for every batch committed by then) and answers, so the
// next batch is written while the last one is synced and answered: the writer never waits for the disk,
// and no caller hears of a task before it is durable. Nothing waits for a batch to fill: a lone call is
// written at once, and batches form by themselves from the calls that arrive while a commit is in flight.
// Works with any TaskStore (one that has no enqueue_many of its own enqueues one by one).

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tasks/enqueuer.hpp"
#include "tasks/task_store.hpp"

namespace tg::tasks {

class SubmitBatcher final : public Enqueuer {
 public:
  static constexpr std::size_t kDefaultMaxBatch = 256;

  struct Stats {
    uint64_t batches = 0;   // enqueue_many_unsynced calls made
    uint64_t syncs = 0;     // make_durable calls made (one may cover several batches)
    uint64_t requests = 0;  // submissions they carried
    std::size_t largest = 0;
  };

  /// Starts the writer thread.
  explicit SubmitBatcher(TaskStore& store, std::size_t max_batch = kDefaultMaxBatch);
  ~SubmitBatcher() override;
  SubmitBatcher(const SubmitBatcher&) = delete;
  SubmitBatcher& operator=(const SubmitBatcher&) = delete;

  /// Blocks until the batch holding this submission is committed and durable, and answers as
  /// TaskStore::enqueue() would; an error of the batch's commit or of its sync is every caller's of it.
  /// After stop(): an error, at once.
  StoreResult<Enqueued> enqueue(std::string id, TaskSpec spec, int64_t now_ms, const QueueLimits& limits) override;
  /// enqueue() without blocking: `answer` runs on the answer thread after the batch's commit and sync, in
  /// the order of the calls (keep it short: later batches' answers wait for it), or at once on the calling
  /// thread after stop().
  void enqueue_then(std::string id, TaskSpec spec, int64_t now_ms, const QueueLimits& limits,
                    Answer answer) override;

  /// Lets the batch in flight commit, answers every call still waiting with an error and joins the
  /// writer and the answer thread (every answer has run when it returns). Idempotent.
  void stop();

  /// True once stop() has begun: calls are refused.
  bool stopping() const;
  /// Calls waiting for a batch to take them (not the batch in flight).
  std::size_t waiting() const;
  Stats stats() const;

 private:
  struct Call {
    EnqueueRequest request;
    int64_t now_ms = 0;
    Answer answer;
  };

  // A committed batch and the store's answer for it, waiting for the answer thread.
  struct Committed {
    std::vector<Call> calls;
    StoreResult<std::vector<Enqueued>> stored;
  };

  void run();
  void answer_committed();
  void hand_over(Committed committed);

  TaskStore& store_;
  const std::size_t max_batch_;
  mutable std::mutex mutex_;
  std::condition_variable work_;
  std::deque<Call> waiting_;
  bool stopping_ = false;
  Stats stats_;
  std::mutex answers_mutex_;
  std::condition_variable answers_ready_;
  std::deque<Committed> committed_;
  bool writer_done_ = false;
  // Last: started once everything above exists.
  std::thread answerer_;
  std::thread writer_;
};

}  // namespace tg::tasks
