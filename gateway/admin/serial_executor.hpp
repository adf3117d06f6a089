#pragma once
// One thread that runs the admin API's requests in arrival order, off the HTTP server's I/O threads: a page
// of 200 tasks or a bulk retry of 10,000 waits on the database without holding up the vendors' traffic.
// The queue is bounded; a job refused for want of room is not run.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace tg::gateway::admin {

class SerialExecutor {
 public:
  explicit SerialExecutor(std::size_t max_waiting = 64);
  ~SerialExecutor();
  SerialExecutor(const SerialExecutor&) = delete;
  SerialExecutor& operator=(const SerialExecutor&) = delete;

  /// Queues `job`; false (and `job` is dropped) when max_waiting jobs already wait or after stop().
  bool post(std::function<void()> job);
  /// Takes no more jobs, runs those already waiting to their end and joins the thread. Idempotent.
  void stop();

 private:
  void loop();

  const std::size_t max_waiting_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace tg::gateway::admin
