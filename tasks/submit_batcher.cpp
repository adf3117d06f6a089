#include "tasks/submit_batcher.hpp"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <exception>
#include <iterator>
#include <optional>
#include <utility>
#include <vector>

namespace tg::tasks {
namespace {

StoreResult<Enqueued> stopped_error() {
  return tg::unexpected(StoreError{"the task store is shutting down: the task was not queued"});
}

// An answer that throws must not take the writer (and every later submission) down with it.
void deliver(const Enqueuer::Answer& answer, StoreResult<Enqueued> outcome) {
  try {
    answer(std::move(outcome));
  } catch (...) {
  }
}

void block_signals() {
  // Process signals (SIGTERM, SIGINT) are for the thread that waits for them, whenever this one started.
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, nullptr);
}

}  // namespace

SubmitBatcher::SubmitBatcher(TaskStore& store, std::size_t max_batch)
    : store_(store),
      max_batch_(std::max<std::size_t>(1, max_batch)),
      answerer_([this] { answer_committed(); }),
      writer_([this] { run(); }) {}

SubmitBatcher::~SubmitBatcher() { stop(); }

StoreResult<Enqueued> SubmitBatcher::enqueue(std::string id, TaskSpec spec, int64_t now_ms,
                                             const QueueLimits& limits) {
  std::mutex mutex;
  std::condition_variable answered;
  std::optional<StoreResult<Enqueued>> outcome;
  enqueue_then(std::move(id), std::move(spec), now_ms, limits, [&](StoreResult<Enqueued> result) {
    // Signalled under the lock: once it sees the outcome this caller returns, and these locals are gone.
    std::lock_guard lock(mutex);
    outcome.emplace(std::move(result));
    answered.notify_one();
  });
  std::unique_lock lock(mutex);
  answered.wait(lock, [&outcome] { return outcome.has_value(); });
  return std::move(*outcome);
}

void SubmitBatcher::enqueue_then(std::string id, TaskSpec spec, int64_t now_ms, const QueueLimits& limits,
                                 Answer answer) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      waiting_.push_back(Call{.request = {.id = std::move(id), .spec = std::move(spec), .limits = limits},
                              .now_ms = now_ms,
                              .answer = std::move(answer)});
      // The writer sleeps only while nothing waits.
      if (waiting_.size() == 1) work_.notify_one();
      return;
    }
  }
  deliver(answer, stopped_error());
}

void SubmitBatcher::run() {
  block_signals();
  std::vector<Call> batch;
  std::vector<EnqueueRequest> requests;
  std::unique_lock lock(mutex_);
  for (;;) {
    work_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
    if (stopping_) break;
    const auto take = static_cast<std::ptrdiff_t>(std::min(max_batch_, waiting_.size()));
    batch.assign(std::make_move_iterator(waiting_.begin()), std::make_move_iterator(waiting_.begin() + take));
    waiting_.erase(waiting_.begin(), waiting_.begin() + take);
    lock.unlock();

    requests.clear();
    int64_t now_ms = 0;
    for (Call& call : batch) {
      requests.push_back(std::move(call.request));
      now_ms = std::max(now_ms, call.now_ms);  // no task is created before its own submission
    }
    std::optional<StoreResult<std::vector<Enqueued>>> stored;
    try {
      stored = store_.enqueue_many_unsynced(requests, now_ms);
      if (*stored && (*stored)->size() != batch.size()) {
        stored = tg::unexpected(StoreError{"the task store answered " + std::to_string((*stored)->size()) +
                                           " of " + std::to_string(batch.size()) + " submissions"});
      }
    } catch (const std::exception& e) {
      stored = tg::unexpected(StoreError{std::string("storing the tasks failed: ") + e.what()});
    }
    lock.lock();
    ++stats_.batches;
    stats_.requests += batch.size();
    stats_.largest = std::max(stats_.largest, batch.size());
    lock.unlock();
    hand_over(Committed{.calls = std::move(batch), .stored = std::move(*stored)});
    batch = {};
    lock.lock();
  }
  std::deque<Call> left = std::move(waiting_);
  waiting_.clear();
  lock.unlock();
  for (Call& call : left) deliver(call.answer, stopped_error());
  {
    std::lock_guard answers(answers_mutex_);
    writer_done_ = true;
  }
  answers_ready_.notify_one();
}

void SubmitBatcher::hand_over(Committed committed) {
  bool was_idle = false;
  {
    std::lock_guard lock(answers_mutex_);
    was_idle = committed_.empty();
    committed_.push_back(std::move(committed));
  }
  if (was_idle) answers_ready_.notify_one();
}

void SubmitBatcher::answer_committed() {
  block_signals();
  std::unique_lock lock(answers_mutex_);
  for (;;) {
    answers_ready_.wait(lock, [this] { return writer_done_ || !committed_.empty(); });
    if (committed_.empty()) break;  // the writer is done and everything it committed is answered
    // Every batch committed so far: one wait for the disk covers them all, while the writer goes on.
    std::deque<Committed> ready = std::move(committed_);
    committed_.clear();
    lock.unlock();
    const bool any_stored =
        std::any_of(ready.begin(), ready.end(), [](const Committed& c) { return static_cast<bool>(c.stored); });
    std::optional<StoreResult<Ok>> durable;
    if (any_stored) {
      try {
        durable = store_.make_durable();
      } catch (const std::exception& e) {
        durable = tg::unexpected(StoreError{std::string("syncing the task store failed: ") + e.what()});
      }
      std::lock_guard count(mutex_);
      ++stats_.syncs;
    }
    for (Committed& next : ready) {
      for (std::size_t i = 0; i < next.calls.size(); ++i) {
        if (!next.stored) {
          deliver(next.calls[i].answer, tg::unexpected(next.stored.error()));
        } else if (!*durable) {
          // Stored but perhaps not on the disk: not reported as accepted.
          deliver(next.calls[i].answer, tg::unexpected(durable->error()));
        } else {
          deliver(next.calls[i].answer, std::move((*next.stored)[i]));
        }
      }
    }
    lock.lock();
  }
}

void SubmitBatcher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_.notify_one();
  // An answer may call stop(): neither thread joins itself (the owner's later stop() joins it).
  if (writer_.joinable() && writer_.get_id() != std::this_thread::get_id()) writer_.join();
  if (answerer_.joinable() && answerer_.get_id() != std::this_thread::get_id()) answerer_.join();
}

bool SubmitBatcher::stopping() const {
  std::lock_guard lock(mutex_);
  return stopping_;
}

std::size_t SubmitBatcher::waiting() const {
  std::lock_guard lock(mutex_);
  return waiting_.size();
}

SubmitBatcher::Stats SubmitBatcher::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace tg::tasks
