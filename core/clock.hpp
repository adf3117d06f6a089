#pragma once
// Injected time source, so skew windows, leases, retries and rate limits are testable without sleeping.
// Two readings: wall time for what is stored or compared across processes (a lease's end in the task table,
// a signature's timestamp), and a monotonic reading for waits inside this process, which a step of the
// wall clock (NTP, an operator) must neither shorten nor lengthen.

#include <atomic>
#include <chrono>
#include <cstdint>

namespace tg {

class Clock {
 public:
  virtual ~Clock() = default;
  /// Wall-clock time in milliseconds since the Unix epoch.
  virtual int64_t now_ms() const = 0;
  /// Milliseconds from an arbitrary origin that never goes back; only differences mean anything.
  virtual int64_t monotonic_ms() const = 0;
  int64_t now_s() const { return now_ms() / 1000; }
};

class SystemClock final : public Clock {
 public:
  int64_t now_ms() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  int64_t monotonic_ms() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
};

/// A clock the test moves by hand: advance_ms() moves both readings, set_ms() steps the wall clock alone.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(int64_t start_ms = 1'700'000'000'000) : now_(start_ms) {}
  int64_t now_ms() const override { return now_.load(); }
  int64_t monotonic_ms() const override { return monotonic_.load(); }
  void set_ms(int64_t ms) { now_.store(ms); }
  void advance_ms(int64_t ms) {
    now_.fetch_add(ms);
    monotonic_.fetch_add(ms);
  }

 private:
  std::atomic<int64_t> now_;
  std::atomic<int64_t> monotonic_{0};
};

}  // namespace tg
