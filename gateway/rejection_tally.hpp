#pragma once
// How many requests each client key (AppId, SecretId, AccessKeyId, ...) had refused by its vendor's rate
// limit since start, for the admin console's overview. Bounded: at most kMaxApps distinct keys are tallied
// by name, refusals of any further key are counted under kOtherApp, so a flood of invented keys cannot
// grow it.

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tg::gateway {

struct RejectionCount {
  std::string vendor;
  std::string app;
  int64_t count = 0;
};

class RejectionTally {
 public:
  static constexpr size_t kMaxApps = 1000;
  static constexpr std::string_view kOtherApp = "(other)";
  static constexpr size_t kMaxKeyLength = 128;  // longer keys are tallied by their first 128 bytes

  /// Counts one refusal of `app`'s request to `vendor`.
  void add(std::string_view vendor, std::string_view app);
  /// The `n` biggest tallies, biggest first (ties by vendor, then app).
  std::vector<RejectionCount> top(size_t n) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, int64_t> counts_;
  size_t named_ = 0;  // keys tallied by their own name
};

}  // namespace tg::gateway
