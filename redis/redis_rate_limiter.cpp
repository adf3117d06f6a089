#include "redis/redis_rate_limiter.hpp"

#include <algorithm>
#include <array>

#include "core/random_id.hpp"
#include "redis/guard_keys.hpp"
#include "redis/guard_lua.hpp"

namespace tg::redis {
namespace {

// KEYS[1]: the key's sorted set. ARGV: limit, window in ms, a random member suffix. A call is accepted
// while fewer than `limit` calls remain in the window, and only an accepted call is counted, so a refused
// call costs nothing (redis/guard_lua.hpp).
const LuaScript& acquire_script() {
  static const LuaScript script(std::string(lua::kClock) + std::string(lua::kRate) + R"lua(
local key = KEYS[1]
local at = rate_time(key, now_us())
if rate_spent(key, at, tonumber(ARGV[1]), tonumber(ARGV[2]) * 1000) then return 0 end
rate_count(key, at, tonumber(ARGV[2]), ARGV[3])
return 1
)lua");
  return script;
}

}  // namespace

RedisRateLimiter::RedisRateLimiter(RedisClient& client, Options options)
    : client_(client), options_(std::move(options)) {}

std::string RedisRateLimiter::redis_key(std::string_view key) const { return rate_limit_key(options_.key_prefix, key); }

adapters::Admission RedisRateLimiter::try_acquire(std::string_view key, int64_t /*now_ms*/, int limit,
                                                  int64_t window_ms) {
  if (limit <= 0 || window_ms <= 0) return adapters::Admission::kRefused;
  window_ms = std::min(window_ms, lua::kMaxSpanMs);
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
