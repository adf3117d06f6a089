#pragma once
// The RateLimiter several gateway processes share through one Redis: per key, an exact sliding log of
// accepted calls in a sorted set, checked and updated by one Lua script.

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "adapters/common/rate_limiter.hpp"
#include "redis/redis_client.hpp"

namespace tg::redis {

class RedisRateLimiter final : public adapters::RateLimiter {
 public:
  struct Options {
    std::string key_prefix;  // put after "thumbgate:rl:" before every key (e.g. a deployment name and ':')
    std::function<void(const std::string& error)> on_error;  // told why a call answered kUnavailable
  };

  /// `client` must outlive the limiter.
  RedisRateLimiter(RedisClient& client, Options options);
  explicit RedisRateLimiter(RedisClient& client) : RedisRateLimiter(client, Options{}) {}

  /// At most `limit` calls accepted for `key` in any window of `window_ms`, across every process sharing
  /// the Redis. `now_ms` is not used: the window is measured on Redis's own clock (see the script).
  /// limit <= 0 or window_ms <= 0 refuses; Redis unreachable or failing answers kUnavailable.
  adapters::Admission try_acquire(std::string_view key, int64_t now_ms, int limit,
                                  int64_t window_ms = kDefaultWindowMs) override;

  /// The Redis key of `key`.
  std::string redis_key(std::string_view key) const;

 private:
  RedisClient& client_;
  const Options options_;
};

}  // namespace tg::redis
