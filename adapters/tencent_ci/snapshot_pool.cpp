#include "adapters/tencent_ci/snapshot_pool.hpp"

#include <algorithm>

namespace tg::adapters::tencent_ci {

SnapshotPool::SnapshotPool(int threads, int max_inflight) : max_inflight_(std::max(1, max_inflight)) {
  const int count = std::max(1, threads);
  max_remote_running_ = std::max(1, count - 1);
  max_remote_inflight_ = std::max(1, max_inflight_ - count);
  threads_.reserve(count);
  for (int i = 0; i < count; ++i) threads_.emplace_back([this] { run(); });
}

SnapshotPool::~SnapshotPool() { stop(); }

bool SnapshotPool::try_submit(std::function<void()> job, bool remote) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() + running_ >= static_cast<std::size_t>(max_inflight_)) return false;
    if (remote && remote_queued_ + remote_running_ >= max_remote_inflight_) return false;
    queue_.push_back(Queued{std::move(job), remote});
    if (remote) ++remote_queued_;
  }
  wake_.notify_all();
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
    Queued next;
    {
      std::unique_lock lock(mutex_);
      // The oldest job this thread may take: a remote one only while the remote share has room.
      auto eligible = [this] {
        return std::find_if(queue_.begin(), queue_.end(), [this](const Queued& q) {
          return !q.remote || remote_running_ < max_remote_running_;
        });
      };
      wake_.wait(lock, [&] { return (stopping_ && queue_.empty()) || eligible() != queue_.end(); });
      auto it = eligible();
      if (it == queue_.end()) return;  // stopping, and nothing left to do
      next = std::move(*it);
      queue_.erase(it);
      ++running_;
      if (next.remote) {
        --remote_queued_;
        ++remote_running_;
      }
    }
    next.job();
    {
      std::lock_guard lock(mutex_);
      --running_;
      if (next.remote) --remote_running_;
    }
    wake_.notify_all();  // a remote job may have become eligible
  }
}

}  // namespace tg::adapters::tencent_ci
