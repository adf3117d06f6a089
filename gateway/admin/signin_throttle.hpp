#pragma once
// Failed admin sign-ins per remote address: at most `limit` in any window; past that every sign-in from the
// address is refused (even one with the right token) until the oldest failure leaves the window. Memory is
// bounded: past kMaxAddresses tracked addresses the one whose last failure is oldest is forgotten.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tg::gateway::admin {

class SignInThrottle {
 public:
  static constexpr std::size_t kMaxAddresses = 10000;

  explicit SignInThrottle(int limit = 10, int64_t window_ms = 60000) : limit_(limit), window_ms_(window_ms) {}

  /// True when `address` has `limit` failures in (now_ms - window, now_ms]: refuse before checking.
  bool blocked(std::string_view address, int64_t now_ms);
  /// Records a failed sign-in from `address`.
  void failed(std::string_view address, int64_t now_ms);

  std::size_t tracked() const;

 private:
  void forget_old(std::deque<int64_t>& failures, int64_t now_ms) const;
  void make_room(int64_t now_ms);

  const int limit_;
  const int64_t window_ms_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::deque<int64_t>> failures_;
};

}  // namespace tg::gateway::admin
