#pragma once
// The shared rate limiter and call admission as one vendor sees them: their refusals are counted under the
// vendor's name (metric thumbgate_rate_limited) and tallied per client key for the admin console.

#include <string>
#include <string_view>

#include "adapters/common/call_admission.hpp"
#include "adapters/common/rate_limiter.hpp"
#include "core/metrics.hpp"
#include "gateway/rejection_tally.hpp"

namespace tg::gateway {

/// Counts one vendor's rate-limit refusals.
class RefusalCount {
 public:
  RefusalCount(std::string vendor, RejectionTally& tally);
  void add(std::string_view key);

 private:
  std::string vendor_;
  RejectionTally& tally_;
  metrics::Value& refused_;
};

class CountingLimiter final : public adapters::RateLimiter {
 public:
  CountingLimiter(adapters::RateLimiter& inner, std::string vendor, RejectionTally& tally)
      : inner_(inner), refusals_(std::move(vendor), tally) {}
  adapters::Admission try_acquire(std::string_view key, int64_t now_ms, int limit, int64_t window_ms) override;

 private:
  adapters::RateLimiter& inner_;
  RefusalCount refusals_;
};

class CountingAdmission final : public adapters::CallAdmission {
 public:
  CountingAdmission(adapters::CallAdmission& inner, std::string vendor, RejectionTally& tally)
      : inner_(inner), refusals_(std::move(vendor), tally) {}
  adapters::CallVerdict admit(const adapters::CallClaim& claim, int64_t now_ms) override;

 private:
  adapters::CallAdmission& inner_;
  RefusalCount refusals_;
};

}  // namespace tg::gateway
