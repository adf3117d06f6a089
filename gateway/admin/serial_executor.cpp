#include "gateway/admin/serial_executor.hpp"

namespace tg::gateway::admin {

SerialExecutor::SerialExecutor(std::size_t max_waiting)
    : max_waiting_(max_waiting), thread_([this] { loop(); }) {}

SerialExecutor::~SerialExecutor() { stop(); }

bool SerialExecutor::post(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || jobs_.size() >= max_waiting_) return false;
    jobs_.push_back(std::move(job));
  }
  changed_.notify_one();
  return true;
}

void SerialExecutor::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SerialExecutor::loop() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping, and nothing left to run
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}

}  // namespace tg::gateway::admin
