#include "redis/redis_replay_cache.hpp"

#include <algorithm>
#include <array>

#include "redis/guard_keys.hpp"
#include "redis/guard_lua.hpp"

namespace tg::redis {
namespace {

// KEYS[1]: the scope's sorted set of nonce -> expiry (redis/guard_lua.hpp). ARGV: the nonce, its remaining
// lifetime in ms, the scope's capacity. Expired nonces are dropped first; a live one is a replay (2); a
// scope holding `capacity` is full (3) and nothing is recorded or forgotten; otherwise the nonce is added
// (1). One key holds the whole decision, so it is atomic, and Redis's clock decides expiry, so processes
// with skewed clocks agree.
const LuaScript& remember_script() {
  static const LuaScript script(std::string(lua::kClock) + std::string(lua::kNonces) + R"lua(
local key = KEYS[1]
local now_ms = math.floor(now_us() / 1000)
nonces_prune(key, now_ms)
if nonce_live(key, ARGV[1]) then return 2 end
if nonces_full(key, tonumber(ARGV[3])) then return 3 end
nonce_add(key, ARGV[1], now_ms + tonumber(ARGV[2]))
return 1
)lua");
  return script;
}

// 1 when the nonce is in the scope's set with an expiry after Redis's now; records nothing.
const LuaScript& seen_script() {
  static const LuaScript script(std::string(lua::kClock) + R"lua(
local expiry = redis.call('ZSCORE', KEYS[1], ARGV[1])
if expiry and tonumber(expiry) > math.floor(now_us() / 1000) then return 1 end
return 0
)lua");
  return script;
}

}  // namespace

RedisReplayCache::RedisReplayCache(RedisClient& client, Options options)
    : client_(client), options_(std::move(options)) {}

std::string RedisReplayCache::redis_key(std::string_view scope) const { return nonce_key(options_.key_prefix, scope); }

bool RedisReplayCache::seen(std::string_view scope, std::string_view nonce, int64_t /*now_ms*/) {
  const std::string key = redis_key(scope);
  const std::array<std::string_view, 1> keys = {key};
  const std::array<std::string_view, 1> args = {nonce};
  auto reply = client_.eval(seen_script(), keys, args);
  if (!reply || (*reply)->type != REDIS_REPLY_INTEGER) {
    if (options_.on_error) options_.on_error(reply ? "redis: the nonce script answered something unexpected" : reply.error());
    return false;
  }
  return (*reply)->integer == 1;
}

signing::ReplayVerdict RedisReplayCache::remember_once(std::string_view scope, std::string_view nonce,
                                                       int64_t expires_ms, int64_t now_ms, std::size_t capacity) {
  if (expires_ms <= now_ms) return signing::ReplayVerdict::kFresh;
  const int64_t lifetime_ms = std::min(expires_ms - now_ms, lua::kMaxSpanMs);
  const std::string key = redis_key(scope);
  const std::string lifetime_text = std::to_string(lifetime_ms);
  const std::string capacity_text = std::to_string(std::min(capacity, options_.max_per_scope));
  const std::array<std::string_view, 1> keys = {key};
  const std::array<std::string_view, 3> args = {nonce, lifetime_text, capacity_text};
  auto reply = client_.eval(remember_script(), keys, args);
  if (reply && (*reply)->type == REDIS_REPLY_INTEGER) {
    switch ((*reply)->integer) {
      case 1: return signing::ReplayVerdict::kFresh;
      case 2: return signing::ReplayVerdict::kReplay;
      case 3: return signing::ReplayVerdict::kFull;
      default: break;
    }
  }
  if (options_.on_error) options_.on_error(reply ? "redis: the nonce script answered something unexpected" : reply.error());
  return signing::ReplayVerdict::kUnavailable;
}

}  // namespace tg::redis
