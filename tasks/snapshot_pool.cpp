#include "tasks/snapshot_pool.hpp"

#include <algorithm>

namespace tg::tasks {

SnapshotPool::SnapshotPool(int threads, int max_inflight) : max_inflight_(std::max(1, max_inflight)) {
  const int count = std::max(1, threads);
  threads_.reserve(count);
  for (int i = 0; i < count; ++i) threads_.emplace_back([this] { run(); });
}

SnapshotPool::~SnapshotPool() { stop(); }

bool SnapshotPool::try_submit(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() + running_ >= static_cast<std::size_t>(max_inflight_)) return false;
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
  return true;
}

void SnapshotPool::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

std::size_t SnapshotPool::inflight() const {
  std::lock_guard lock(mutex_);
  return queue_.size() + running_;
}

void SnapshotPool::run() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to do
      job = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
    }
    job();
    std::lock_guard lock(mutex_);
    --running_;
  }
}

}  // namespace tg::tasks
