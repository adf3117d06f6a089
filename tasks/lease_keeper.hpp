#pragma once
// One thread that keeps the leases of every task this process runs: each registered task's lease is
// extended (with its latest progress) every period, and a task whose lease turns out to be lost has its
// job cancelled. Waits run on the clock's monotonic reading; the lease's end written to the store is wall
// time, because other processes compare it with theirs.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/background_loop.hpp"
#include "core/clock.hpp"
#include "tasks/task_store.hpp"

namespace tg::tasks {

class LeaseKeeper {
 public:
  /// Extends one task's lease to now_ms + lease_ms (wall) with its progress; false = no longer ours.
  using Heartbeat = std::function<StoreResult<bool>(const std::string& task_id, const std::string& worker_id,
                                                    int progress, int64_t now_ms, int64_t lease_ms)>;
  using ErrorSink = std::function<void(const std::string& message)>;

  struct Options {
    int64_t lease_ms = 30000;
    int64_t period_ms = 10000;  // between two heartbeats of one task; well inside the lease
  };

  /// A running task's registration; unregisters when destroyed.
  class Hold {
   public:
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;
    ~Hold();
    /// Records the job's progress (0..100), sent with the next heartbeat.
    void set_progress(int percent);
    /// The progress last recorded.
    int progress() const;
    /// True once a heartbeat found the task held by someone else (its cancel flag was raised then).
    bool lost() const;

   private:
    friend class LeaseKeeper;
    struct Entry;
    Hold(LeaseKeeper& keeper, uint64_t key, std::shared_ptr<Entry> entry);
    LeaseKeeper& keeper_;
    uint64_t key_;
    std::shared_ptr<Entry> entry_;
  };

  LeaseKeeper(const Clock& clock, Options options, Heartbeat heartbeat, ErrorSink on_error = {});
  ~LeaseKeeper();
  LeaseKeeper(const LeaseKeeper&) = delete;
  LeaseKeeper& operator=(const LeaseKeeper&) = delete;

  /// Starts the heartbeat thread (once).
  void start() { loop_.start(); }
  /// Joins the heartbeat thread; registrations stay and are beaten again after start().
  void stop() { loop_.stop(); }
  /// Makes the thread look at the clock now instead of at the next due heartbeat.
  void wake() { loop_.wake(); }

  /// Keeps `task_id`'s lease (taken by `worker_id` just now) until the Hold goes; raises `cancel` when lost.
  std::unique_ptr<Hold> hold(const std::string& task_id, const std::string& worker_id, std::atomic<bool>& cancel);

  /// Sends the heartbeats that are due at the clock's monotonic time, on the calling thread; returns how many.
  int beat_due();
  /// Tasks registered now.
  size_t holding() const;

 private:
  // The thread's round: the due heartbeats, else the time the next one is due.
  int64_t round();
  void release(uint64_t key);
  // Monotonic time of the earliest due heartbeat; BackgroundLoop::kNoDeadline when nothing is held.
  int64_t next_due_locked() const;

  const Clock& clock_;
  Options options_;
  Heartbeat heartbeat_;
  ErrorSink on_error_;

  mutable std::mutex mutex_;
  std::mutex beat_mutex_;  // one beat_due() at a time: the thread's and a caller's
  uint64_t next_key_ = 0;
  std::map<uint64_t, std::shared_ptr<Hold::Entry>> entries_;

  BackgroundLoop loop_;  // last: its thread uses everything above
};

}  // namespace tg::tasks
