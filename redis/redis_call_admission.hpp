#pragma once
// The CallAdmission several gateway processes share through one Redis: a signed call's nonce and its rate
// limit decided by one Lua script, one round trip, on the same keys as RedisReplayCache and RedisRateLimiter.

#include <cstddef>
#include <functional>
#include <string>

#include "adapters/common/call_admission.hpp"
#include "redis/redis_client.hpp"

namespace tg::redis {

class RedisCallAdmission final : public adapters::CallAdmission {
 public:
  struct Options {
    std::string key_prefix;  // as RedisRateLimiter's and RedisReplayCache's (redis/guard_keys.hpp)
    std::size_t max_per_scope = std::size_t{1} << 24;  // caps every scope's capacity, as NonceCache does
    std::function<void(const std::string& error)> on_error;  // told why a call answered kUnavailable
  };

  /// `client` must outlive this.
  RedisCallAdmission(RedisClient& client, Options options);
  explicit RedisCallAdmission(RedisClient& client) : RedisCallAdmission(client, Options{}) {}

  /// Atomically, on Redis's clock: a live nonce is kReplay; a spent limit kRateLimited; a full scope
  /// kNoncesFull; otherwise the nonce is kept for expires_ms - now_ms (its remaining lifetime) and the call
  /// counted. Nothing is written unless the call is admitted. A nonce whose expiry is not after now_ms is
  /// neither checked nor kept (as NonceCache); a limit or window <= 0 refuses. Redis unreachable or failing
  /// answers kUnavailable, and nothing is recorded.
  adapters::CallVerdict admit(const adapters::CallClaim& claim, int64_t now_ms) override;

 private:
  RedisClient& client_;
  const Options options_;
};

}  // namespace tg::redis
