#pragma once
// Delivers the callbacks queued in the task database: POSTs each due one, marks it delivered on any 2xx,
// otherwise schedules the next try, and gives up after the last retry. All state is in the database,
// so a restarted sender carries on where the last one stopped. The sender's thread only runs the POSTs
// (so that a slow receiver holds up nothing else) and looks for due callbacks when woken: by the worker
// pool right after a task's callback was queued, and by the maintenance loop every poll_ms for retries.

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "core/address_policy.hpp"
#include "core/background_loop.hpp"
#include "core/clock.hpp"
#include "tasks/callback_outbox.hpp"

namespace tg::tasks {

class CallbackSender {
 public:
  struct Options {
    int64_t poll_ms = 200;      // how often the maintenance loop has the sender look for due retries
    int64_t timeout_ms = 5000;  // per POST
    std::vector<int64_t> retry_delays_ms = {2000, 4000, 8000, 16000, 32000};  // after attempts 1, 2, ...
    int batch = 16;             // callbacks taken per pass
    AddressPolicy policy;       // where callbacks may connect (redirects are never followed)
  };

  struct Stats {
    int64_t delivered = 0;
    int64_t retried = 0;
    int64_t failed = 0;
    int64_t store_errors = 0;
  };

  CallbackSender(CallbackOutbox& store, const Clock& clock, Options options);
  ~CallbackSender();
  CallbackSender(const CallbackSender&) = delete;
  CallbackSender& operator=(const CallbackSender&) = delete;

  /// Starts the delivery thread (once); it makes a first pass at once, then one per wake().
  void start() { loop_.start(); }
  /// Aborts a POST in flight (its attempt is not counted) and joins the thread.
  void stop() { loop_.stop(); }
  /// Makes the thread look for due callbacks now (e.g. right after a task finished).
  void wake() { loop_.wake(); }
  /// The period at which the maintenance loop should wake() the sender for retries.
  int64_t poll_ms() const { return options_.poll_ms; }

  /// One pass over the due callbacks on the calling thread; returns how many were attempted.
  int deliver_due();

  Stats stats() const;

 private:
  // The thread's round: one pass; the next at once while passes come back full.
  int64_t round();
  // POSTs one delivery and records the outcome; false when the attempt was aborted by stop().
  bool deliver(CallbackDelivery delivery);

  CallbackOutbox& store_;
  const Clock& clock_;
  Options options_;

  std::atomic<int64_t> delivered_{0};
  std::atomic<int64_t> retried_{0};
  std::atomic<int64_t> failed_{0};
  std::atomic<int64_t> store_errors_{0};

  BackgroundLoop loop_;  // last: its thread uses everything above
};

}  // namespace tg::tasks
