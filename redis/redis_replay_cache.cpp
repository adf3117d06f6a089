#include "redis/redis_replay_cache.hpp"

#include <algorithm>
#include <array>

namespace tg::redis {
namespace {

// One sorted set per scope, member = the nonce's exact bytes, score = its expiry in ms on Redis's clock
// (TIME + the remaining lifetime the caller gives). One key holds both what the capacity counts and what
// a replay is looked up in, so the script counts, looks up and inserts atomically on a single key (which
// also keeps every key of the script in one cluster slot); a SET NX key per nonce would need a second
// structure to count the scope's unexpired nonces exactly, and the two could drift as keys expire.
// Expired members (expiry <= now) are removed first; a live member is a replay (2); a scope holding
// `capacity` live nonces is full (3) and nothing is recorded or forgotten; otherwise the nonce is added
// (1) and the set is kept until its last expiry. Redis's clock, not the callers', decides expiry, so
// processes with skewed clocks agree.
const LuaScript& remember_script() {
  static const LuaScript script(R"lua(
if redis.replicate_commands then redis.replicate_commands() end
local key = KEYS[1]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', string.format('%d', now))
if redis.call('ZSCORE', key, ARGV[1]) then return 2 end
if redis.call('ZCARD', key) >= tonumber(ARGV[3]) then return 3 end
redis.call('ZADD', key, string.format('%d', now + tonumber(ARGV[2])), ARGV[1])
local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', key, last[2])
return 1
)lua");
  return script;
}

// 1 when the nonce is in the scope's set with an expiry after Redis's now; records nothing.
const LuaScript& seen_script() {
  static const LuaScript script(R"lua(
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local expiry = redis.call('ZSCORE', KEYS[1], ARGV[1])
if expiry and tonumber(expiry) > now then return 1 end
return 0
)lua");
  return script;
}

// The longest a nonce is kept: far beyond any signature window, and keeps every score exact.
constexpr int64_t kMaxLifetimeMs = int64_t{366} * 24 * 3600 * 1000;

}  // namespace

RedisReplayCache::RedisReplayCache(RedisClient& client, Options options)
    : client_(client), options_(std::move(options)) {}

std::string RedisReplayCache::redis_key(std::string_view scope) const {
  std::string out = "thumbgate:nonce:";
  out += options_.key_prefix;
  out += std::to_string(scope.size());
  out += ':';
  out += scope;
  return out;
}

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
  const int64_t lifetime_ms = std::min(expires_ms - now_ms, kMaxLifetimeMs);
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
