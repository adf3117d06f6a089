#pragma once
// Rate limiting seam: the gateway asks before doing work for a key (AppId, SecretId, AccessKeyId).
// In-memory today (SlidingWindowLimiter); a shared store can implement the same interface.

#include <cstdint>
#include <string_view>

namespace tg::adapters {

class RateLimiter {
 public:
  static constexpr int64_t kDefaultWindowMs = 1000;

  virtual ~RateLimiter() = default;

  /// True (and the call is counted) when fewer than `limit` calls were accepted for `key` in
  /// (now_ms - window_ms, now_ms]; false otherwise, and a refused call is not counted.
  virtual bool try_acquire(std::string_view key, int64_t now_ms, int limit,
                           int64_t window_ms = kDefaultWindowMs) = 0;
};

}  // namespace tg::adapters
