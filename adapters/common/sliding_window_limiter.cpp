#include "adapters/common/sliding_window_limiter.hpp"

#include <algorithm>
#include <functional>

namespace tg::adapters {
Admission SlidingWindowLimiter::try_acquire(std::string_view key, int64_t now_ms, int limit,
                                       int64_t window_ms) {
  if (limit <= 0 || window_ms <= 0) return Admission::kRefused;
  Shard& shard = shard_for(key);
  std::lock_guard lock(shard.mutex);

  // At most one O(keys) sweep per window per shard: a key idle for a whole window is dropped
  // within the next one, so the map holds about two windows' worth of distinct keys.
  if (now_ms - window_ms >= shard.last_sweep_ms) {
    sweep_idle(shard, now_ms);
    shard.last_sweep_ms = now_ms;
  }

  auto it = shard.windows.find(key);
  if (it == shard.windows.end()) {
    it = shard.windows.emplace(std::string(key), Window{}).first;
  }
  Window& w = it->second;
  w.window_ms = window_ms;
  if (!w.accepted.empty()) now_ms = std::max(now_ms, w.accepted.back());
  while (!w.accepted.empty() && w.accepted.front() <= now_ms - window_ms) w.accepted.pop_front();
  // A limit lowered since the last call may leave more than `limit` entries: still refuse.
  if (w.accepted.size() >= static_cast<size_t>(limit)) return Admission::kRefused;
  w.accepted.push_back(now_ms);
  return Admission::kAdmitted;
}

size_t SlidingWindowLimiter::tracked_keys() const {
  size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.windows.size();
  }
  return total;
}

SlidingWindowLimiter::Shard& SlidingWindowLimiter::shard_for(std::string_view key) {
  return shards_[std::hash<std::string_view>{}(key) % kShards];
}

void SlidingWindowLimiter::sweep_idle(Shard& shard, int64_t now_ms) {
  std::erase_if(shard.windows, [now_ms](const auto& entry) {
    const Window& w = entry.second;
    return w.accepted.empty() || w.accepted.back() <= now_ms - w.window_ms;
  });
}

}  // namespace tg::adapters
