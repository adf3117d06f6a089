#include "adapters/common/call_admission.hpp"

namespace tg::adapters {

CallVerdict SeparateCallAdmission::admit(const CallClaim& claim, int64_t now_ms) {
  if (nonces_.seen(claim.scope, claim.nonce, now_ms)) return CallVerdict::kReplay;
  if (claim.charge) {
    switch (limiter_.try_acquire(claim.charge->key, now_ms, claim.charge->limit, claim.charge->window_ms)) {
      case Admission::kAdmitted: break;
      case Admission::kRefused: return CallVerdict::kRateLimited;
      case Admission::kUnavailable: return CallVerdict::kUnavailable;
    }
  }
  switch (nonces_.remember_once(claim.scope, claim.nonce, claim.expires_ms, now_ms, claim.capacity)) {
    case signing::ReplayVerdict::kFresh: return CallVerdict::kAdmitted;
    case signing::ReplayVerdict::kReplay: return CallVerdict::kReplay;
    case signing::ReplayVerdict::kFull: return CallVerdict::kNoncesFull;
    case signing::ReplayVerdict::kUnavailable: break;
  }
  return CallVerdict::kUnavailable;
}

}  // namespace tg::adapters
