#include "adapters/huawei_mpc/sync_waiter.hpp"

#include <chrono>

#include "adapters/common/store_failure.hpp"

namespace tg::adapters::huawei_mpc {
SyncWaiter::SyncWaiter(tasks::TaskStore& store, const Clock& clock, Render render, RenderFailure failure,
                       int64_t timeout_ms, int64_t poll_ms)
    : store_(store), clock_(clock), render_(std::move(render)), failure_(std::move(failure)),
      timeout_ms_(timeout_ms), poll_ms_(poll_ms), thread_([this] { run(); }) {}

SyncWaiter::~SyncWaiter() { stop(); }

void SyncWaiter::wait_for(std::string task_id, Respond respond) {
  Waiting waiting{std::move(task_id), std::move(respond), clock_.monotonic_ms() + timeout_ms_};
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      waiting_.push_back(std::move(waiting));
      wake_.notify_all();
      return;
    }
  }
  answer(waiting, true);
}

void SyncWaiter::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool SyncWaiter::answer(Waiting& waiting, bool force) {
  auto found = store_.get(waiting.task_id);
  if (!found) {
    waiting.respond(failure_(store_failure(found.error(), "read a task")));
    return true;
  }
  if (!*found) {
    waiting.respond(failure_("the task is gone"));
    return true;
  }
  if (!force && !tasks::is_final((*found)->status)) return false;
  waiting.respond(render_(**found));
  return true;
}

void SyncWaiter::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    // Idle until a request waits; then look its task up every poll_ms.
    wake_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
    if (!stopping_) wake_.wait_for(lock, std::chrono::milliseconds(poll_ms_), [this] { return stopping_; });
    std::vector<Waiting> batch = std::move(waiting_);
    waiting_.clear();
    const bool stopping = stopping_;
    lock.unlock();
    std::vector<Waiting> still;
    for (Waiting& waiting : batch) {
      const bool force = stopping || clock_.monotonic_ms() >= waiting.deadline_ms;
      if (!answer(waiting, force)) still.push_back(std::move(waiting));
    }
    lock.lock();
    for (Waiting& waiting : still) waiting_.push_back(std::move(waiting));
    if (stopping) return;
  }
}

}  // namespace tg::adapters::huawei_mpc
