#include "tasks/maintenance.hpp"

#include <algorithm>
#include <vector>

#include "core/logger.hpp"
#include "tasks/worker_pool.hpp"

namespace tg::tasks {

Maintenance::Maintenance(TaskStore& store, const Clock& clock, Options options, CallbackSender* callbacks)
    : store_(store), clock_(clock), options_(std::move(options)), callbacks_(callbacks),
      loop_(clock, [this] { return round(); }) {
  options_.period_ms = std::max<int64_t>(1, options_.period_ms);
  options_.requeue_period_ms = std::max<int64_t>(1, options_.requeue_period_ms);
  options_.batch = std::max(1, options_.batch);
  options_.max_batches = std::max(1, options_.max_batches);
}

Maintenance::~Maintenance() { stop(); }

StoreResult<Maintenance::Pass> Maintenance::run_once() {
  Pass pass;
  const int64_t now = clock_.now_ms();
  TG_TRY_ASSIGN(pass.requeued, requeue(now));
  TG_TRY_ASSIGN(pass.deleted, apply_retention(now));
  return pass;
}

StoreResult<int> Maintenance::requeue(int64_t now_ms) {
  // One process sharing the store does it for all; the others have nothing to do.
  TG_TRY_ASSIGN(const bool leads, store_.try_lead_upkeep());
  if (!leads) return 0;
  // now_ms is wall time: lease ends and retry times in the table are wall time, written by any process.
  TG_TRY_ASSIGN(const int requeued, store_.requeue_expired(now_ms));
  {
    std::lock_guard lock(mutex_);
    ++stats_.requeue_sweeps;
    stats_.requeued += requeued;
  }
  TG_TRY(store_.fold_counts());
  return requeued;
}

StoreResult<int> Maintenance::apply_retention(int64_t now_ms) {
  {
    std::lock_guard lock(mutex_);
    ++stats_.retention_passes;
  }
  if (options_.retention_ms <= 0) return 0;
  TG_TRY_ASSIGN(const bool leads, store_.try_lead_upkeep());
  if (!leads) return 0;
  int deleted_total = 0;
  const int64_t cutoff = now_ms - options_.retention_ms;
  for (int batch = 0; batch < options_.max_batches; ++batch) {
    TG_TRY_ASSIGN(const std::vector<std::string> ids, store_.finished_before(cutoff, options_.batch));
    std::vector<std::string> gone;
    for (const std::string& id : ids) {
      if (options_.outputs != nullptr && is_safe_task_id(id)) {
        if (auto removed = options_.outputs->remove(id); !removed) {
          // Kept, so that its files can still be found; the next pass tries again.
          tg::log(LogLevel::kWarn, "cannot delete a task's outputs", {{"task_id", id}, {"error", removed.error().message}});
          continue;
        }
      }
      gone.push_back(id);
    }
    TG_TRY_ASSIGN(const int deleted, store_.delete_finished(gone));
    deleted_total += deleted;
    if (static_cast<int>(ids.size()) < options_.batch) break;
  }
  std::lock_guard lock(mutex_);
  stats_.deleted += deleted_total;
  return deleted_total;
}

void Maintenance::note_error(const std::string& job, const std::string& message) {
  {
    std::lock_guard lock(mutex_);
    ++stats_.store_errors;
  }
  tg::log(LogLevel::kWarn, "maintenance job failed", {{"job", job}, {"error", message}});
}

int Maintenance::run_due() {
  std::lock_guard running(run_mutex_);
  const int64_t mono = clock_.monotonic_ms();
  if (!timers_set_) {
    timers_set_ = true;
    requeue_due_ = callbacks_due_ = retention_due_ = mono;
  }
  int ran = 0;
  if (requeue_due_ <= mono) {
    requeue_due_ = mono + options_.requeue_period_ms;
    ++ran;
    auto requeued = requeue(clock_.now_ms());
    if (!requeued) {
      note_error("requeue", requeued.error().message);
    } else if (*requeued > 0) {
      tg::log(LogLevel::kInfo, "tasks queued again", {{"requeued_tasks", std::to_string(*requeued)}});
    }
  }
  if (callbacks_ != nullptr && callbacks_due_ <= mono) {
    callbacks_due_ = mono + std::max<int64_t>(1, callbacks_->poll_ms());
    ++ran;
    {
      std::lock_guard lock(mutex_);
      ++stats_.callback_passes;
    }
    callbacks_->wake();  // the POSTs run on the sender's own thread: a slow receiver holds up no job here
  }
  if (retention_due_ <= mono) {
    retention_due_ = mono + options_.period_ms;
    ++ran;
    auto deleted = apply_retention(clock_.now_ms());
    if (!deleted) {
      note_error("retention", deleted.error().message);
    } else if (*deleted > 0) {
      tg::log(LogLevel::kInfo, "finished tasks deleted", {{"deleted_tasks", std::to_string(*deleted)}});
    }
  }
  return ran;
}

Maintenance::Stats Maintenance::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

int64_t Maintenance::round() {
  run_due();
  std::lock_guard running(run_mutex_);
  int64_t next = std::min(requeue_due_, retention_due_);
  if (callbacks_ != nullptr) next = std::min(next, callbacks_due_);
  return next;
}

}  // namespace tg::tasks
