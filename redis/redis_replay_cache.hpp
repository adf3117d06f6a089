#pragma once
// The ReplayCache several gateway processes share through one Redis: per scope, one sorted set of the
// scope's unexpired nonces scored by their expiry, checked and updated by one Lua script.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "redis/redis_client.hpp"
#include "signing/replay_cache.hpp"

namespace tg::redis {

class RedisReplayCache final : public signing::ReplayCache {
 public:
  struct Options {
    std::string key_prefix;  // put after "thumbgate:nonce:" before every key (e.g. a deployment name and ':')
    std::size_t max_per_scope = std::size_t{1} << 24;  // caps every scope's capacity, as NonceCache does
    std::function<void(const std::string& error)> on_error;  // told why a call answered kUnavailable
  };

  /// `client` must outlive the cache.
  RedisReplayCache(RedisClient& client, Options options);
  explicit RedisReplayCache(RedisClient& client) : RedisReplayCache(client, Options{}) {}

  /// False also when Redis cannot be asked (remember_once then answers kUnavailable).
  bool seen(std::string_view scope, std::string_view nonce, int64_t now_ms) override;

  /// As NonceCache, across every process sharing the Redis: the nonce is kept for expires_ms - now_ms
  /// (its remaining lifetime) on Redis's clock. kUnavailable when Redis is unreachable or failing: nothing
  /// is recorded and the call must be refused.
  signing::ReplayVerdict remember_once(std::string_view scope, std::string_view nonce, int64_t expires_ms,
                                       int64_t now_ms, std::size_t capacity) override;

  /// The Redis key of `scope`: its length, then its bytes, so no two scopes share a key.
  std::string redis_key(std::string_view scope) const;

 private:
  RedisClient& client_;
  const Options options_;
};

}  // namespace tg::redis
