#include "redis/redis_rate_limiter.hpp"

#include <algorithm>
#include <array>

#include "core/random_id.hpp"

namespace tg::redis {
namespace {

// KEYS[1]: the key's sorted set. ARGV: limit, window in ms, a random member suffix.
// The time is Redis's own (TIME), not the caller's: every gateway process then measures the window on one
// timeline, however far apart their clocks are. A TIME earlier than the newest accepted call (the Redis
// host's clock stepped back) is taken as that call's time, so the limit still holds. Scores are
// microseconds (below 2^53: exact in Lua's numbers; written with %d, since Lua's own number-to-text
// conversion keeps only 14 digits). Calls at or before now - window have left the window
// (it is (now - window, now]); a call is accepted while fewer than `limit` remain, and only an accepted
// call is added, with a member unique to it (its time and the caller's random suffix), so a refused call
// costs nothing. The set expires one window after its newest call: an idle key leaves nothing behind.
const LuaScript& acquire_script() {
  static const LuaScript script(R"lua(
if redis.replicate_commands then redis.replicate_commands() end
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window_us = tonumber(ARGV[2]) * 1000
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local newest = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
if newest[2] and tonumber(newest[2]) > now then now = tonumber(newest[2]) end
redis.call('ZREMRANGEBYSCORE', key, '-inf', string.format('%d', now - window_us))
if redis.call('ZCARD', key) >= limit then return 0 end
local stamp = string.format('%d', now)
redis.call('ZADD', key, stamp, stamp .. ':' .. ARGV[3])
redis.call('PEXPIRE', key, ARGV[2] + 1)
return 1
)lua");
  return script;
}

}  // namespace

RedisRateLimiter::RedisRateLimiter(RedisClient& client, Options options)
    : client_(client), options_(std::move(options)) {}

std::string RedisRateLimiter::redis_key(std::string_view key) const {
  std::string out = "thumbgate:rl:";
  out += options_.key_prefix;
  out += key;
  return out;
}

adapters::Admission RedisRateLimiter::try_acquire(std::string_view key, int64_t /*now_ms*/, int limit,
                                                  int64_t window_ms) {
  if (limit <= 0 || window_ms <= 0) return adapters::Admission::kRefused;
  // Keeps the window in microseconds far below 2^53; no limit is configured over longer windows.
  constexpr int64_t kMaxWindowMs = int64_t{366} * 24 * 3600 * 1000;
  window_ms = std::min(window_ms, kMaxWindowMs);
  const std::string redis_key_text = redis_key(key);
  const std::string limit_text = std::to_string(limit);
  const std::string window_text = std::to_string(window_ms);
  const std::string member = random_hex(8);
  const std::array<std::string_view, 1> keys = {redis_key_text};
  const std::array<std::string_view, 3> args = {limit_text, window_text, member};
  auto reply = client_.eval(acquire_script(), keys, args);
  if (!reply) {
    if (options_.on_error) options_.on_error(reply.error());
    return adapters::Admission::kUnavailable;
  }
  if ((*reply)->type != REDIS_REPLY_INTEGER || ((*reply)->integer != 0 && (*reply)->integer != 1)) {
    if (options_.on_error) options_.on_error("redis: the rate limit script answered something unexpected");
    return adapters::Admission::kUnavailable;
  }
  return (*reply)->integer == 1 ? adapters::Admission::kAdmitted : adapters::Admission::kRefused;
}

}  // namespace tg::redis
