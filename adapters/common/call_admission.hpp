#pragma once
// Admission of a signed call: its nonce used once in its scope, and one call of its credential's rate
// limit, decided together. In this process a nonce cache and a limiter are asked in turn
// (SeparateCallAdmission); in Redis one script decides both in one round trip (redis/redis_call_admission).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "adapters/common/rate_limiter.hpp"
#include "signing/replay_cache.hpp"

namespace tg::adapters {

/// One call of a rate limit: at most `limit` calls of `key` in any window_ms.
struct RateCharge {
  std::string_view key;
  int limit = 0;
  int64_t window_ms = RateLimiter::kDefaultWindowMs;
};

/// What a signed call asks for: `nonce`, unused in `scope`, remembered there until expires_ms, the scope
/// holding at most `capacity` live nonces; and, with `charge`, one call of that rate limit.
struct CallClaim {
  std::string_view scope;
  std::string_view nonce;
  int64_t expires_ms = 0;
  std::size_t capacity = 1;
  std::optional<RateCharge> charge;
};

enum class CallVerdict {
  kAdmitted,     // the nonce is used up and the call counted
  kReplay,       // the nonce is live in its scope; the rate limit is not charged
  kRateLimited,  // the rate limit is spent; the nonce stays unused
  kNoncesFull,   // the scope holds `capacity` live nonces; the nonce stays unused (the vendors say "too frequent")
  kUnavailable,  // the shared store could not decide; the nonce stays unused (a temporary failure, never a pass)
};

class CallAdmission {
 public:
  virtual ~CallAdmission() = default;

  /// Checks the nonce first (a replay spends none of the limit), then the limit (a refused call uses up
  /// no nonce), then the scope's capacity.
  virtual CallVerdict admit(const CallClaim& claim, int64_t now_ms) = 0;
};

/// A nonce cache and a limiter asked in turn: seen, try_acquire, remember_once. Not one atomic step, so a
/// call the limiter counted can still end as kReplay (a duplicate racing it) or kNoncesFull; right for one
/// process, where both are in memory.
class SeparateCallAdmission final : public CallAdmission {
 public:
  /// Both must outlive this.
  SeparateCallAdmission(signing::ReplayCache& nonces, RateLimiter& limiter) : nonces_(nonces), limiter_(limiter) {}

  CallVerdict admit(const CallClaim& claim, int64_t now_ms) override;

 private:
  signing::ReplayCache& nonces_;
  RateLimiter& limiter_;
};

}  // namespace tg::adapters
