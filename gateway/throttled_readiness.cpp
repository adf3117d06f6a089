#include "gateway/throttled_readiness.hpp"

#include <utility>

namespace tg::gateway {

ThrottledReadiness::ThrottledReadiness(ReadinessCheck check, std::function<int64_t()> now_ms, int64_t interval_ms)
    : check_(std::move(check)), now_ms_(std::move(now_ms)), interval_ms_(interval_ms) {}

ThrottledReadiness::Failures ThrottledReadiness::operator()() {
  {
    std::lock_guard lock(last_mutex_);
    if (last_ && now_ms_() - last_ms_ < interval_ms_) return *last_;
  }
  std::unique_lock probing(probing_, std::try_to_lock);
  if (!probing.owns_lock()) {
    std::lock_guard lock(last_mutex_);
    if (last_) return *last_;
  }
  // First probe ever (someone else may be running it: wait for theirs), or a stale answer: probe.
  if (!probing.owns_lock()) probing.lock();
  {
    std::lock_guard lock(last_mutex_);
    if (last_ && now_ms_() - last_ms_ < interval_ms_) return *last_;  // the probe we waited for is fresh
  }
  Failures failed = check_ ? check_() : Failures{};
  std::lock_guard lock(last_mutex_);
  last_ = failed;
  last_ms_ = now_ms_();
  return failed;
}

}  // namespace tg::gateway
