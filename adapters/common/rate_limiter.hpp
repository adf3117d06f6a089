#pragma once
// Rate limiting seam: the gateway asks before doing work for a key (AppId, SecretId, AccessKeyId).
// In memory (SlidingWindowLimiter) or in a store several gateway processes share (RedisRateLimiter).

#include <cstdint>
#include <string_view>

namespace tg::adapters {

/// What a limiter answers. kUnavailable: the limiter could not decide (its shared store is unreachable
/// or failed); the call is neither admitted nor "too frequent", and the vendor answers with its
/// "service temporarily unavailable" error.
enum class Admission { kAdmitted, kRefused, kUnavailable };

class RateLimiter {
 public:
  static constexpr int64_t kDefaultWindowMs = 1000;

  virtual ~RateLimiter() = default;

  /// kAdmitted (and the call is counted) when fewer than `limit` calls were accepted for `key` in
  /// (now_ms - window_ms, now_ms]; kRefused otherwise, and a refused call is not counted; kUnavailable
  /// when the limiter cannot tell (nothing counted).
  virtual Admission try_acquire(std::string_view key, int64_t now_ms, int limit,
                           int64_t window_ms = kDefaultWindowMs) = 0;
};

}  // namespace tg::adapters
