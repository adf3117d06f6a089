#pragma once
// /readyz answers from one probe a second at most. The endpoint needs no credentials and each probe is a
// real write to the database, so a flood of probes must not become a flood of writes (or of HTTP threads
// waiting on a locked database): callers within the interval, or while a probe runs, get the last answer.

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>

#include "gateway/router.hpp"

namespace tg::gateway {

class ThrottledReadiness {
 public:
  using Failures = std::vector<std::pair<std::string, std::string>>;

  /// `now_ms` is a monotonic clock in milliseconds.
  ThrottledReadiness(ReadinessCheck check, std::function<int64_t()> now_ms, int64_t interval_ms = 1000);

  /// The last probe's answer when it is recent or another caller is probing; otherwise a new probe's.
  Failures operator()();

 private:
  ReadinessCheck check_;
  std::function<int64_t()> now_ms_;
  int64_t interval_ms_;
  std::mutex probing_;        // held while a probe runs
  std::mutex last_mutex_;     // guards last_ and last_ms_
  std::optional<Failures> last_;
  int64_t last_ms_ = 0;
};

}  // namespace tg::gateway
