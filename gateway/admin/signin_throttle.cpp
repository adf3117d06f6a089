#include "gateway/admin/signin_throttle.hpp"

namespace tg::gateway::admin {

void SignInThrottle::forget_old(std::deque<int64_t>& failures, int64_t now_ms) const {
  while (!failures.empty() && failures.front() <= now_ms - window_ms_) failures.pop_front();
}

bool SignInThrottle::blocked(std::string_view address, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto it = failures_.find(std::string(address));
  if (it == failures_.end()) return false;
  forget_old(it->second, now_ms);
  if (it->second.empty()) {
    failures_.erase(it);
    return false;
  }
  return static_cast<int>(it->second.size()) >= limit_;
}

void SignInThrottle::failed(std::string_view address, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto it = failures_.find(std::string(address));
  if (it == failures_.end()) {
    if (failures_.size() >= kMaxAddresses) make_room(now_ms);
    it = failures_.emplace(std::string(address), std::deque<int64_t>{}).first;
  }
  std::deque<int64_t>& failures = it->second;
  forget_old(failures, now_ms);
  failures.push_back(now_ms);
  // More than `limit` are never needed to tell that the address is blocked.
  while (static_cast<int>(failures.size()) > limit_) failures.pop_front();
}

void SignInThrottle::make_room(int64_t now_ms) {
  auto oldest = failures_.end();
  for (auto it = failures_.begin(); it != failures_.end();) {
    forget_old(it->second, now_ms);
    if (it->second.empty()) {
      it = failures_.erase(it);
      continue;
    }
    if (oldest == failures_.end() || it->second.back() < oldest->second.back()) oldest = it;
    ++it;
  }
  if (failures_.size() >= kMaxAddresses && oldest != failures_.end()) failures_.erase(oldest);
}

std::size_t SignInThrottle::tracked() const {
  std::lock_guard lock(mutex_);
  return failures_.size();
}

}  // namespace tg::gateway::admin
