#include "tasks/lease_keeper.hpp"

#include <algorithm>
#include <vector>

namespace tg::tasks {

struct LeaseKeeper::Hold::Entry {
  std::string task_id;
  std::string worker_id;
  std::atomic<bool>* cancel = nullptr;
  std::atomic<int> progress{0};
  std::atomic<bool> lost{false};
  int64_t due_ms = 0;  // monotonic; guarded by the keeper's mutex_
};

LeaseKeeper::Hold::Hold(LeaseKeeper& keeper, uint64_t key, std::shared_ptr<Entry> entry)
    : keeper_(keeper), key_(key), entry_(std::move(entry)) {}

LeaseKeeper::Hold::~Hold() { keeper_.release(key_); }

void LeaseKeeper::Hold::set_progress(int percent) { entry_->progress.store(std::clamp(percent, 0, 100)); }

int LeaseKeeper::Hold::progress() const { return entry_->progress.load(); }

bool LeaseKeeper::Hold::lost() const { return entry_->lost.load(); }

LeaseKeeper::LeaseKeeper(const Clock& clock, Options options, Heartbeat heartbeat, ErrorSink on_error)
    : clock_(clock), options_(options), heartbeat_(std::move(heartbeat)), on_error_(std::move(on_error)),
      loop_(clock, [this] { return round(); }) {
  options_.lease_ms = std::max<int64_t>(1, options_.lease_ms);
  options_.period_ms = std::clamp<int64_t>(options_.period_ms, 1, options_.lease_ms);
}

LeaseKeeper::~LeaseKeeper() { stop(); }

std::unique_ptr<LeaseKeeper::Hold> LeaseKeeper::hold(const std::string& task_id, const std::string& worker_id,
                                                     std::atomic<bool>& cancel) {
  auto entry = std::make_shared<Hold::Entry>();
  entry->task_id = task_id;
  entry->worker_id = worker_id;
  entry->cancel = &cancel;
  uint64_t key = 0;
  {
    std::lock_guard lock(mutex_);
    // The claim has just set a whole lease: the first heartbeat is due one period from now.
    entry->due_ms = clock_.monotonic_ms() + options_.period_ms;
    key = next_key_++;
    entries_.emplace(key, entry);
  }
  loop_.wake();  // the thread may be waiting with nothing to keep
  return std::unique_ptr<Hold>(new Hold(*this, key, std::move(entry)));
}

void LeaseKeeper::release(uint64_t key) {
  // Waits for a round of heartbeats in progress, so that no beat of this task raises its worker's cancel
  // flag once the worker has moved on.
  std::lock_guard beating(beat_mutex_);
  std::lock_guard lock(mutex_);
  entries_.erase(key);
}

size_t LeaseKeeper::holding() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

int64_t LeaseKeeper::next_due_locked() const {
  int64_t due = BackgroundLoop::kNoDeadline;
  for (const auto& [key, entry] : entries_) due = std::min(due, entry->due_ms);
  return due;
}

int LeaseKeeper::beat_due() {
  std::lock_guard beating(beat_mutex_);
  std::vector<std::pair<uint64_t, std::shared_ptr<Hold::Entry>>> due;
  {
    std::lock_guard lock(mutex_);
    const int64_t now = clock_.monotonic_ms();
    for (auto& [key, entry] : entries_) {
      if (entry->due_ms > now) continue;
      entry->due_ms = now + options_.period_ms;
      due.emplace_back(key, entry);
    }
  }
  for (auto& [key, entry] : due) {
    // The lease's end goes to the store in wall time: other processes compare it with their wall clocks.
    auto beat = heartbeat_(entry->task_id, entry->worker_id, entry->progress.load(), clock_.now_ms(),
                           options_.lease_ms);
    if (!beat) {
      if (on_error_) on_error_(beat.error().message);  // keep trying: the lease is ours until it ends
    } else if (!*beat) {
      entry->lost.store(true);
      entry->cancel->store(true);
      std::lock_guard lock(mutex_);
      entries_.erase(key);
    }
  }
  return static_cast<int>(due.size());
}

int64_t LeaseKeeper::round() {
  {
    std::lock_guard lock(mutex_);
    const int64_t due = next_due_locked();
    if (due > clock_.monotonic_ms()) return due;
  }
  beat_due();
  return BackgroundLoop::kNow;
}

}  // namespace tg::tasks
