#include "gateway/counting_guards.hpp"

#include "gateway/gateway_metrics.hpp"

namespace tg::gateway {

RefusalCount::RefusalCount(std::string vendor, RejectionTally& tally)
    : vendor_(std::move(vendor)), tally_(tally), refused_(gateway_metrics().rate_limited.with({vendor_})) {}

void RefusalCount::add(std::string_view key) {
  refused_.add();
  tally_.add(vendor_, key);
}

adapters::Admission CountingLimiter::try_acquire(std::string_view key, int64_t now_ms, int limit, int64_t window_ms) {
  const adapters::Admission admission = inner_.try_acquire(key, now_ms, limit, window_ms);
  // Only refusals are the client's doing; an unavailable limiter is no mark against its key.
  if (admission == adapters::Admission::kRefused) refusals_.add(key);
  return admission;
}

adapters::CallVerdict CountingAdmission::admit(const adapters::CallClaim& claim, int64_t now_ms) {
  const adapters::CallVerdict verdict = inner_.admit(claim, now_ms);
  if (verdict == adapters::CallVerdict::kRateLimited && claim.charge) refusals_.add(claim.charge->key);
  return verdict;
}

}  // namespace tg::gateway
