#include "tasks/maintenance.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <vector>

#include "core/logger.hpp"
#include "tasks/worker_pool.hpp"

namespace tg::tasks {

Maintenance::Maintenance(TaskStore& store, const Clock& clock, Options options)
    : store_(store), clock_(clock), options_(std::move(options)) {
  options_.period_ms = std::max<int64_t>(1, options_.period_ms);
  options_.batch = std::max(1, options_.batch);
  options_.max_batches = std::max(1, options_.max_batches);
}

Maintenance::~Maintenance() { stop(); }

StoreResult<Maintenance::Pass> Maintenance::run_once() {
  Pass pass;
  const int64_t now = clock_.now_ms();
  auto requeued = store_.requeue_expired(now);
  if (!requeued) return tg::unexpected(requeued.error());
  pass.requeued = *requeued;
  if (options_.retention_ms <= 0) return pass;

  const int64_t cutoff = now - options_.retention_ms;
  for (int batch = 0; batch < options_.max_batches; ++batch) {
    auto ids = store_.finished_before(cutoff, options_.batch);
    if (!ids) return tg::unexpected(ids.error());
    std::vector<std::string> gone;
    for (const std::string& id : *ids) {
      std::error_code ec;
      if (is_safe_task_id(id) && !options_.outputs_dir.empty()) {
        std::filesystem::remove_all(std::filesystem::path(options_.outputs_dir) / id, ec);
      }
      if (ec) {
        // Kept, so that its folder can still be found; the next pass tries again.
        tg::log(LogLevel::kWarn, "cannot delete a task's outputs", {{"task_id", id}, {"error", ec.message()}});
        continue;
      }
      gone.push_back(id);
    }
    auto deleted = store_.delete_finished(gone);
    if (!deleted) return tg::unexpected(deleted.error());
    pass.deleted += *deleted;
    if (static_cast<int>(ids->size()) < options_.batch) break;
  }
  return pass;
}

void Maintenance::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void Maintenance::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Maintenance::loop() {
  for (;;) {
    auto pass = run_once();
    if (!pass) {
      tg::log(LogLevel::kWarn, "maintenance pass failed", {{"error", pass.error().message}});
    } else if (pass->deleted > 0 || pass->requeued > 0) {
      tg::log(LogLevel::kInfo, "maintenance pass",
              {{"deleted_tasks", std::to_string(pass->deleted)}, {"requeued_tasks", std::to_string(pass->requeued)}});
    }
    std::unique_lock lock(mutex_);
    if (wake_.wait_for(lock, std::chrono::milliseconds(options_.period_ms), [this] { return stopping_; })) return;
  }
}

}  // namespace tg::tasks
