#pragma once
// A small bounded pool for synchronous snapshot work: a few threads and a bounded number of jobs in
// flight (queued or running). A job beyond the bound is refused at once, so callers can answer "slow down"
// instead of queueing without limit; jobs never run on the caller's thread. Jobs on remote inputs get a
// bounded share: fewer threads run them at once than there are, and fewer may be in flight, so a slow
// origin cannot keep local jobs waiting.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tg::adapters::tencent_ci {

class SnapshotPool {
 public:
  /// Starts `threads` threads (at least 1); at most `max_inflight` jobs (at least 1) queued or running.
  /// Remote jobs: at most max(1, threads - 1) running and max(1, max_inflight - threads) in flight.
  SnapshotPool(int threads, int max_inflight);
  /// Runs the jobs already accepted, then joins the threads.
  ~SnapshotPool();
  SnapshotPool(const SnapshotPool&) = delete;
  SnapshotPool& operator=(const SnapshotPool&) = delete;

  /// Accepts `job` to run on a pool thread; false (and `job` dropped) when the pool is full or stopped, or
  /// for a `remote` job, when the remote share is.
  bool try_submit(std::function<void()> job, bool remote = false);
  /// Stops accepting, finishes the accepted jobs and joins the threads. Idempotent.
  void stop();

  /// Jobs queued or running now.
  std::size_t inflight() const;
  int max_inflight() const { return max_inflight_; }

 private:
  struct Queued {
    std::function<void()> job;
    bool remote = false;
  };

  void run();

  const int max_inflight_;
  int max_remote_running_ = 1;
  int max_remote_inflight_ = 1;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Queued> queue_;
  std::size_t running_ = 0;
  int remote_queued_ = 0;
  int remote_running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace tg::adapters::tencent_ci
