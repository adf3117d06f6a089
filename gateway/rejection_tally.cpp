#include "gateway/rejection_tally.hpp"

#include <algorithm>

namespace tg::gateway {

void RejectionTally::add(std::string_view vendor, std::string_view app) {
  std::pair<std::string, std::string> key{std::string(vendor), std::string(app.substr(0, kMaxKeyLength))};
  std::lock_guard lock(mutex_);
  auto found = counts_.find(key);
  if (found != counts_.end()) {
    ++found->second;
    return;
  }
  // Distinct keys beyond the bound share one tally per vendor (which does not count towards the bound).
  if (named_ >= kMaxApps) {
    key.second = std::string(kOtherApp);
  } else if (key.second != kOtherApp) {
    ++named_;
  }
  ++counts_[std::move(key)];
}

std::vector<RejectionCount> RejectionTally::top(size_t n) const {
  std::vector<RejectionCount> all;
  {
    std::lock_guard lock(mutex_);
    all.reserve(counts_.size());
    for (const auto& [key, count] : counts_) all.push_back(RejectionCount{key.first, key.second, count});
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const RejectionCount& a, const RejectionCount& b) { return a.count > b.count; });
  if (all.size() > n) all.resize(n);
  return all;
}

}  // namespace tg::gateway
