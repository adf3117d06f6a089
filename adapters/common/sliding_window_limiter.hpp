#pragma once
// Exact sliding-window rate limiter held in memory: per key, the timestamps of accepted calls.

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "adapters/common/rate_limiter.hpp"

namespace tg::adapters {

class SlidingWindowLimiter final : public RateLimiter {
 public:
  /// Accepts when fewer than `limit` calls were accepted for `key` in (now_ms - window_ms, now_ms].
  /// limit <= 0 or window_ms <= 0 refuses. A now_ms older than the key's newest accepted call is
  /// treated as that newest time, so the limit also holds when callers' clocks interleave. Never
  /// answers kUnavailable.
  Admission try_acquire(std::string_view key, int64_t now_ms, int limit,
                   int64_t window_ms = kDefaultWindowMs) override;

  /// Keys currently tracked (idle keys are dropped as calls go by).
  size_t tracked_keys() const;

 private:
  struct Window {
    std::deque<int64_t> accepted;  // ascending timestamps of accepted calls still in the window
    int64_t window_ms = 0;         // the window last used for this key, for idle sweeping
  };

  // Lets lookups take the string_view key without building a std::string.
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };

  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Window, KeyHash, std::equal_to<>> windows;
    int64_t last_sweep_ms = std::numeric_limits<int64_t>::min();
  };

  static constexpr size_t kShards = 16;

  Shard& shard_for(std::string_view key);
  // Drops keys with no accepted call inside their window; caller holds the shard's mutex.
  static void sweep_idle(Shard& shard, int64_t now_ms);

  std::array<Shard, kShards> shards_;
};

}  // namespace tg::adapters
