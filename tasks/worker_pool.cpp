#include "tasks/worker_pool.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>

#include "core/logger.hpp"
#include "core/redaction.hpp"
#include "tasks/task_metrics.hpp"
#include "core/random_id.hpp"
#include "tasks/media_resolver.hpp"

namespace tg::tasks {
namespace {

constexpr int kFinishTries = 3;

// Failures that say nothing about the task: the same job may well succeed on a later attempt.
bool is_transient(engine::Errc code) { return code == engine::Errc::kUnavailable || code == engine::Errc::kIo; }

}  // namespace

bool is_safe_task_id(const std::string& id) {
  if (id.empty() || id.size() > 128 || id == "." || id == "..") return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-';
    if (!ok) return false;
  }
  return true;
}

WorkerPool::WorkerPool(TaskStore& store, JobRunner& runner, const Clock& clock, Options options,
                       CallbackComposer composer)
    : store_(store),
      runner_(runner),
      clock_(clock),
      options_(std::move(options)),
      composer_(std::move(composer)),
      leases_(clock,
              {.lease_ms = std::max<int64_t>(30, options_.lease_ms),
               .period_ms = std::max<int64_t>(1, std::max<int64_t>(30, options_.lease_ms) / 3)},
              [this](const std::string& id, const std::string& worker_id, int progress, int64_t now_ms,
                     int64_t lease_ms) { return store_.heartbeat(id, worker_id, progress, now_ms, lease_ms); },
              [this](const std::string& message) { note_store_error(message); }) {
  if (options_.workers < 0) options_.workers = 0;  // 0: a node that queues tasks and runs none
  if (options_.lease_ms < 30) options_.lease_ms = 30;
  if (options_.poll_ms < 1) options_.poll_ms = 1;
  if (options_.max_attempts < 1) options_.max_attempts = 1;
  if (options_.retry_delay_ms < 0) options_.retry_delay_ms = 0;
  options_.max_retry_delay_ms = std::max(options_.max_retry_delay_ms, options_.retry_delay_ms);
  if (options_.worker_prefix.empty()) options_.worker_prefix = "worker-" + random_hex(4);
  remote_limit_ = options_.max_remote_workers > 0 ? std::min(options_.max_remote_workers, options_.workers)
                                                  : std::max(1, options_.workers - 1);
}

bool WorkerPool::take_remote_slot() {
  int running = remote_running_.load();
  while (running < remote_limit_) {
    if (remote_running_.compare_exchange_weak(running, running + 1)) return true;
  }
  return false;
}

WorkerPool::~WorkerPool() { stop(); }

void WorkerPool::start() {
  std::lock_guard lock(mutex_);
  if (started_) return;
  started_ = true;
  stopping_ = false;
  draining_ = false;
  for (int i = 0; i < options_.workers; ++i) cancels_.push_back(std::make_unique<std::atomic<bool>>(false));
  for (int i = 0; i < options_.workers; ++i) threads_.emplace_back([this, i] { worker_loop(i); });
  if (options_.workers > 0) leases_.start();
}

void WorkerPool::stop() {
  std::lock_guard stopping(stop_mutex_);  // drain() may stop() while another thread does
  {
    std::lock_guard lock(mutex_);
    if (!started_) return;
    stopping_ = true;
    for (auto& cancel : cancels_) cancel->store(true);
  }
  wake_cv_.notify_all();
  for (std::thread& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  leases_.stop();  // after the workers: a job being cancelled still holds its lease until it hands it back
  std::lock_guard lock(mutex_);
  threads_.clear();
  cancels_.clear();
  started_ = false;
  draining_ = false;
}

bool WorkerPool::drain(std::chrono::milliseconds grace) {
  bool finished = true;
  {
    std::unique_lock lock(mutex_);
    if (!started_) return true;
    draining_ = true;
    wake_cv_.notify_all();
    finished = idle_cv_.wait_for(lock, grace, [this] { return engaged_ == 0; });
  }
  stop();
  return finished;
}

bool WorkerPool::running() const {
  std::lock_guard lock(mutex_);
  return started_ && !stopping_ && !draining_ && (options_.workers == 0 || !threads_.empty());
}

bool WorkerPool::draining() const {
  std::lock_guard lock(mutex_);
  return draining_;
}

void WorkerPool::wake() {
  {
    std::lock_guard lock(mutex_);
    ++wake_generation_;
  }
  wake_cv_.notify_all();
}

int WorkerPool::busy() const {
  std::lock_guard lock(mutex_);
  return busy_;
}

WorkerPool::Stats WorkerPool::stats() const {
  return Stats{succeeded_.load(), failed_.load(), abandoned_.load(), retried_.load(), released_.load(),
               store_errors_.load()};
}

std::string WorkerPool::last_store_error() const {
  std::lock_guard lock(mutex_);
  return last_store_error_;
}

void WorkerPool::note_store_error(const std::string& message) {
  ++store_errors_;
  std::lock_guard lock(mutex_);
  last_store_error_ = message;
}

bool WorkerPool::idle_wait(uint64_t& seen_generation) {
  std::unique_lock lock(mutex_);
  wake_cv_.wait_for(lock, std::chrono::milliseconds(options_.poll_ms),
                    [&] { return stopping_ || draining_ || wake_generation_ != seen_generation; });
  seen_generation = wake_generation_;
  return !stopping_ && !draining_;
}

void WorkerPool::worker_loop(int index) {
  const std::string worker_id = options_.worker_prefix + "-" + std::to_string(index);
  std::atomic<bool>& cancel = *cancels_[static_cast<size_t>(index)];
  uint64_t seen_generation = 0;
  // The worker counts as busy from before its claim: a drain that starts while a claim is in flight waits
  // for the claimed task instead of handing it back, so a task seen PROCESSING finishes within the grace.
  struct BusySlot {
    WorkerPool& pool;
    bool held = true;
    bool running = false;
    void run() {
      std::lock_guard lock(pool.mutex_);
      running = true;
      ++pool.busy_;
    }
    void release() {
      if (!held) return;
      held = false;
      {
        std::lock_guard lock(pool.mutex_);
        --pool.engaged_;
        if (running) --pool.busy_;
      }
      pool.idle_cv_.notify_all();
    }
    ~BusySlot() { release(); }
  };
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_ || draining_) return;
      seen_generation = wake_generation_;
      cancel.store(false);  // a previous task's lost lease may have raised it; stop() raises it under this lock
      ++engaged_;
    }
    BusySlot slot{*this};
    // Remote inputs get a bounded share of the workers: without a free slot only local tasks are taken.
    const bool remote_slot = take_remote_slot();
    auto claimed = remote_slot ? store_.claim(worker_id, clock_.now_ms(), options_.lease_ms)
                               : store_.claim_local(worker_id, clock_.now_ms(), options_.lease_ms);
    const bool runs_remote = claimed && claimed->has_value() && is_http_url((*claimed)->spec.input);
    if (remote_slot && !runs_remote) remote_running_.fetch_sub(1);
    if (!claimed) {
      note_store_error(claimed.error().message);
      slot.release();
      if (!idle_wait(seen_generation)) return;
      continue;
    }
    if (!claimed->has_value()) {
      slot.release();
      if (!idle_wait(seen_generation)) return;
      continue;
    }
    task_metrics().transitions.inc({"claimed"});
    tg::log(LogLevel::kInfo, "task claimed",
            {{"task_id", (**claimed).id}, {"app", (**claimed).spec.app_id}, {"api", (**claimed).spec.api},
             {"type", (**claimed).spec.type}, {"attempt", std::to_string((**claimed).attempts)}});
    slot.run();
    run_task(worker_id, **claimed, cancel);
    if (runs_remote) remote_running_.fetch_sub(1);
  }
}

void WorkerPool::run_task(const std::string& worker_id, const TaskRecord& task, std::atomic<bool>& cancel) {
  bool stopped = false;
  {
    std::lock_guard lock(mutex_);
    stopped = stopping_;  // a drain lets a claimed task run; a stop does not
  }
  if (stopped) {  // came between the claim and now: the task goes back untouched
    put_back(worker_id, task, clock_.now_ms(), true);
    return;
  }
  TaskRecord finished = task;
  if (task.attempts > options_.max_attempts) {
    finished.status = TaskStatus::kFailed;
    finished.error_code = engine::errc_name(engine::Errc::kInternal);
    finished.error_message = "gave up after " + std::to_string(options_.max_attempts) +
                             " attempts that never finished (worker stopped or crashed)";
    record_outcome(worker_id, std::move(finished));
    return;
  }
  if (!is_safe_task_id(task.id)) {
    finished.status = TaskStatus::kFailed;
    finished.error_code = engine::errc_name(engine::Errc::kInvalidArgument);
    finished.error_message = "task id cannot name an output folder";
    record_outcome(worker_id, std::move(finished));
    return;
  }
  // A job's own folder (a bucket's) or the output store's working folder for the task.
  const std::string& chosen_dir = task.spec.job.output_dir;
  const bool to_output_store = chosen_dir.empty() && options_.outputs != nullptr;
  const std::string out_dir = to_output_store ? options_.outputs->working_folder(task.id) : chosen_dir;

  // The one heartbeat thread extends this task's lease while the job runs, and raises `cancel` when the
  // task is no longer ours.
  std::unique_ptr<LeaseKeeper::Hold> lease = leases_.hold(task.id, worker_id, cancel);

  tg::Result<std::vector<TaskOutput>, engine::Error> result =
      tg::unexpected(engine::Error{engine::Errc::kInternal, "job did not run"});
  const auto job_started = std::chrono::steady_clock::now();
  try {
    result = runner_.run(
        task, out_dir, [&](int p) { lease->set_progress(p); }, cancel);
  } catch (const std::exception& e) {
    // The exception's words (which may name server paths) go to the log; the task's owner sees the kind.
    tg::log(LogLevel::kError, "job runner threw", {{"task_id", task.id}, {"error", e.what()}});
    result = tg::unexpected(engine::Error{engine::Errc::kInternal, "job runner failed"});
  } catch (...) {
    result = tg::unexpected(engine::Error{engine::Errc::kInternal, "job runner failed"});
  }
  task_metrics().engine_seconds.observe(
      {task.spec.type}, std::chrono::duration<double>(std::chrono::steady_clock::now() - job_started).count());
  if (result.ok() && to_output_store) {
    // Readable by every process before the task says it succeeded; a store that cannot take them now is a
    // transient failure, tried again.
    if (auto published = options_.outputs->publish(task.id, result.value()); !published) {
      result = tg::unexpected(engine::Error{engine::Errc::kUnavailable,
                                            "cannot publish the outputs: " + published.error().message});
    }
  }
  const bool lost = lease->lost();
  const int progress = lease->progress();
  lease.reset();  // no heartbeat after this: the outcome below settles the lease

  if (lost) {
    ++abandoned_;
    return;
  }
  if (result.ok()) {
    finished.status = TaskStatus::kSucceeded;
    finished.progress = 100;
    finished.outputs = std::move(result.value());
  } else if (cancel.load()) {
    // Stopped, not failed: the task goes back to the queue now, for this process's next start or another.
    put_back(worker_id, task, clock_.now_ms(), true);
    return;
  } else if (is_transient(result.error().code) && task.attempts < options_.max_attempts) {
    const int shift = std::clamp(task.attempts - 1, 0, 20);
    const int64_t delay = std::min(options_.max_retry_delay_ms, options_.retry_delay_ms << shift);
    tg::log(LogLevel::kWarn, "task retried after a transient failure",
            {{"task_id", task.id}, {"app", task.spec.app_id}, {"error", redact_urls_in(result.error().message)},
             {"attempt", std::to_string(task.attempts)}, {"retry_in_ms", std::to_string(delay)}});
    task_metrics().transitions.inc({"retried"});
    put_back(worker_id, task, clock_.now_ms() + delay, false, &result.error());
    return;
  } else {
    finished.status = TaskStatus::kFailed;
    finished.progress = progress;
    finished.error_code = engine::errc_name(result.error().code);
    finished.error_message = result.error().message;
  }
  record_outcome(worker_id, std::move(finished));
}

void WorkerPool::put_back(const std::string& worker_id, const TaskRecord& task, int64_t retry_at_ms, bool refund,
                          const engine::Error* error) {
  auto released = store_.release(task.id, worker_id, clock_.now_ms(), retry_at_ms, refund,
                                 error != nullptr ? engine::errc_name(error->code) : std::string(),
                                 error != nullptr ? error->message : std::string());
  if (!released) {
    note_store_error(released.error().message);
    ++abandoned_;  // the lease hands it back instead
  } else if (!*released) {
    ++abandoned_;  // no longer ours
  } else if (refund) {
    ++released_;
  } else {
    ++retried_;
  }
}

void WorkerPool::record_outcome(const std::string& worker_id, TaskRecord finished) {
  const int64_t now = clock_.now_ms();
  finished.finished_ms = now;
  finished.updated_ms = now;
  finished.lease_until_ms = 0;
  std::optional<CallbackDelivery> callback;
  if (composer_) {
    callback = composer_(finished);
    if (callback) {
      callback->task_id = finished.id;
      if (callback->next_attempt_ms == 0) callback->next_attempt_ms = now;
    }
  }
  const bool success = finished.status == TaskStatus::kSucceeded;
  for (int attempt = 0; attempt < kFinishTries; ++attempt) {
    auto written = success ? store_.complete(finished.id, worker_id, finished.outputs, now, callback)
                           : store_.fail(finished.id, worker_id, finished.error_code, finished.error_message,
                                         now, callback);
    if (written) {
      if (!*written) {
        ++abandoned_;  // the lease was lost meanwhile; the new holder finishes it
      } else {
        ++(success ? succeeded_ : failed_);
        task_metrics().transitions.inc({success ? "succeeded" : "failed"});
        tg::log(success ? LogLevel::kInfo : LogLevel::kWarn, success ? "task succeeded" : "task failed",
                {{"task_id", finished.id}, {"app", finished.spec.app_id}, {"api", finished.spec.api},
                 {"type", finished.spec.type}, {"error_code", finished.error_code},
                 {"error", redact_urls_in(finished.error_message)}});
      }
      if (*written && callback && options_.callback_queued) options_.callback_queued();
      return;
    }
    note_store_error(written.error().message);
    std::this_thread::sleep_for(std::chrono::milliseconds(options_.poll_ms));
  }
  ++abandoned_;  // the store kept failing; the lease will expire and the task runs again
}

}  // namespace tg::tasks
