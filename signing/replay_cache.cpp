#include "signing/replay_cache.hpp"

#include <algorithm>
#include <limits>

namespace tg::signing {

std::size_t replay_capacity(int64_t limit, int64_t limit_window_ms, int64_t max_lifetime_ms) {
  if (limit <= 0 || limit_window_ms <= 0) return 1;
  constexpr int64_t kSecondMs = 1000;
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max() / 4;
  const int64_t lifetime = std::clamp<int64_t>(max_lifetime_ms, 0, kMax) + kSecondMs;
  // Calls accepted in any span of `lifetime` ms: that span is covered by ceil(lifetime / window) windows.
  const int64_t windows = (lifetime + limit_window_ms - 1) / limit_window_ms;
  if (windows > kMax / limit) return static_cast<std::size_t>(kMax);
  return static_cast<std::size_t>(std::max<int64_t>(1, windows * limit));
}

}  // namespace tg::signing
