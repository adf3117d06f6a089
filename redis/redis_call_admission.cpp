#include "redis/redis_call_admission.hpp"

#include <algorithm>
#include <array>
#include <span>

#include "core/random_id.hpp"
#include "redis/guard_keys.hpp"
#include "redis/guard_lua.hpp"

namespace tg::redis {
namespace {

// KEYS[1]: the nonce scope's set; KEYS[2], when there is a rate charge: the rate limit's set.
// ARGV: the nonce, its remaining lifetime in ms (<= 0: the nonce is not checked or kept), the scope's
// capacity, the limit, the window in ms, a random member suffix. Answers 2 replay, 0 rate limited, 3 full,
// 1 admitted: the nonce first (a replay spends none of the limit), then the limit (a refused call uses up
// no nonce), then the capacity; both sets are written only for an admitted call.
const LuaScript& admit_script() {
  static const LuaScript script(std::string(lua::kClock) + std::string(lua::kRate) + std::string(lua::kNonces) +
                                R"lua(
local nonces = KEYS[1]
local rate = KEYS[2]
local now = now_us()
local now_ms = math.floor(now / 1000)
local lifetime = tonumber(ARGV[2])
if lifetime > 0 then
  nonces_prune(nonces, now_ms)
  if nonce_live(nonces, ARGV[1]) then return 2 end
end
local at
if rate then
  at = rate_time(rate, now)
  if rate_spent(rate, at, tonumber(ARGV[4]), tonumber(ARGV[5]) * 1000) then return 0 end
end
if lifetime > 0 then
  if nonces_full(nonces, tonumber(ARGV[3])) then return 3 end
  nonce_add(nonces, ARGV[1], now_ms + lifetime)
end
if rate then rate_count(rate, at, tonumber(ARGV[5]), ARGV[6]) end
return 1
)lua");
  return script;
}

}  // namespace

RedisCallAdmission::RedisCallAdmission(RedisClient& client, Options options)
    : client_(client), options_(std::move(options)) {}

adapters::CallVerdict RedisCallAdmission::admit(const adapters::CallClaim& claim, int64_t now_ms) {
  const std::string nonces = nonce_key(options_.key_prefix, claim.scope);
  const int64_t lifetime_ms = std::clamp<int64_t>(claim.expires_ms - now_ms, 0, lua::kMaxSpanMs);
  const std::string lifetime_text = std::to_string(lifetime_ms);
  const std::string capacity_text = std::to_string(std::min(claim.capacity, options_.max_per_scope));
  std::string rate;
  std::string limit_text = "0";
  std::string window_text = "1";
  if (claim.charge) {
    rate = rate_limit_key(options_.key_prefix, claim.charge->key);
    // A window of 0 or less admits nothing, as SlidingWindowLimiter: the limit becomes 0.
    if (claim.charge->window_ms > 0) {
      limit_text = std::to_string(std::max(claim.charge->limit, 0));
      window_text = std::to_string(std::min(claim.charge->window_ms, lua::kMaxSpanMs));
    }
  }
  const std::string member = random_hex(8);
  const std::array<std::string_view, 2> keys = {nonces, rate};
  const std::array<std::string_view, 6> args = {claim.nonce, lifetime_text, capacity_text,
                                                limit_text, window_text, member};
  auto reply = client_.eval(admit_script(), std::span(keys.data(), claim.charge ? 2 : 1), args);
  if (reply && (*reply)->type == REDIS_REPLY_INTEGER) {
    switch ((*reply)->integer) {
      case 0: return adapters::CallVerdict::kRateLimited;
      case 1: return adapters::CallVerdict::kAdmitted;
      case 2: return adapters::CallVerdict::kReplay;
      case 3: return adapters::CallVerdict::kNoncesFull;
      default: break;
    }
  }
  if (options_.on_error) {
    options_.on_error(reply ? "redis: the call admission script answered something unexpected" : reply.error());
  }
  return adapters::CallVerdict::kUnavailable;
}

}  // namespace tg::redis
