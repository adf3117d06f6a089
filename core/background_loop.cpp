#include "core/background_loop.hpp"

#include <chrono>

namespace tg {

BackgroundLoop::BackgroundLoop(const Clock& clock, Round round) : clock_(clock), round_(std::move(round)) {}

BackgroundLoop::~BackgroundLoop() { stop(); }

void BackgroundLoop::start() {
  std::lock_guard lock(mutex_);
  if (started_) return;
  started_ = true;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void BackgroundLoop::stop() {
  {
    std::lock_guard lock(mutex_);
    if (!started_) return;
    stopping_ = true;
  }
  wake_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mutex_);
  started_ = false;
}

void BackgroundLoop::wake() {
  {
    std::lock_guard lock(mutex_);
    ++wake_generation_;
  }
  wake_cv_.notify_all();
}

void BackgroundLoop::run() {
  while (!stopping_) {
    uint64_t seen = 0;
    {
      // Taken before the round looks at its work, so that a wake() for work the round missed ends the wait.
      std::lock_guard lock(mutex_);
      seen = wake_generation_;
    }
    const int64_t due = round_();
    if (due == kNow) continue;
    std::unique_lock lock(mutex_);
    auto woken = [&] { return stopping_.load() || wake_generation_ != seen; };
    if (due == kNoDeadline) {
      wake_cv_.wait(lock, woken);
      continue;
    }
    const int64_t now = clock_.monotonic_ms();
    if (due <= now) continue;
    wake_cv_.wait_for(lock, std::chrono::milliseconds(due - now), woken);
  }
}

}  // namespace tg
