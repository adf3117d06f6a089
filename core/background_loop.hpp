#pragma once
// One thread that runs rounds of work: after each round it sleeps until it is woken, stopped, or the
// monotonic deadline the round asked for comes. A wake() that arrives while a round runs is not lost:
// the next wait returns at once. Deadlines are on the injected clock's monotonic reading.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <limits>
#include <mutex>
#include <thread>

#include "core/clock.hpp"

namespace tg {

class BackgroundLoop {
 public:
  /// A round's answer: wait for a wake() or stop() only.
  static constexpr int64_t kNoDeadline = std::numeric_limits<int64_t>::max();
  /// A round's answer: run the next round at once.
  static constexpr int64_t kNow = std::numeric_limits<int64_t>::min();

  /// Runs one round of work; returns the monotonic ms at which the next round is due (or kNoDeadline, kNow).
  using Round = std::function<int64_t()>;

  BackgroundLoop(const Clock& clock, Round round);
  /// Stops and joins the thread.
  ~BackgroundLoop();
  BackgroundLoop(const BackgroundLoop&) = delete;
  BackgroundLoop& operator=(const BackgroundLoop&) = delete;

  /// Starts the thread, whose first round runs at once; does nothing while it runs. Restartable after stop().
  void start();
  /// Raises stopping(), wakes the thread and joins it (after the round in progress). Idempotent.
  void stop();
  /// Makes the thread run its next round now instead of at the deadline.
  void wake();
  /// True from stop() until the next start(); rounds may poll it to cut long work short.
  const std::atomic<bool>& stopping() const { return stopping_; }

 private:
  void run();

  const Clock& clock_;
  Round round_;
  std::mutex mutex_;
  std::condition_variable wake_cv_;
  uint64_t wake_generation_ = 0;
  bool started_ = false;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace tg
