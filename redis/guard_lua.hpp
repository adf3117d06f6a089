#pragma once
// The Lua steps the limiter, replay cache and call admission scripts are made of, so that each rule is
// written once. Each is a `local function` put before a script's own lines.
//
// Times are Redis's own (TIME), not the callers': every gateway process then measures windows and expiries
// on one timeline, however far apart their clocks are. Scores are written with %d, since Lua's own
// number-to-text conversion keeps only 14 digits; all stay below 2^53, exact in Lua's numbers.

#include <cstdint>
#include <string_view>

namespace tg::redis::lua {

/// The longest window or nonce lifetime a script is given (callers clamp to it): far beyond any vendor's,
/// and it keeps every score, in µs, below 2^53.
inline constexpr int64_t kMaxSpanMs = int64_t{366} * 24 * 3600 * 1000;

/// now_us(): Redis's clock in microseconds. Scripts that read it before writing first call
/// redis.replicate_commands() (needed before Redis 5, a no-op after).
inline constexpr std::string_view kClock = R"lua(
if redis.replicate_commands then redis.replicate_commands() end
local function now_us()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000000 + tonumber(time[2])
end
)lua";

/// A rate limit's sorted set holds its accepted calls, scored by their time in µs, each under a member
/// unique to it (its time and a random suffix of the caller's).
/// rate_time(key, now): the time the key is measured at; a `now` earlier than its newest accepted call
///   (Redis's host clock stepped back) is taken as that call's time, so the limit still holds.
/// rate_spent(key, at, limit, window_us): drops the calls at or before at - window (the window is
///   (at - window, at]); true when `limit` remain.
/// rate_count(key, at, window_ms, suffix): counts one call; the set expires one window after its newest
///   call, so an idle key leaves nothing behind.
inline constexpr std::string_view kRate = R"lua(
local function rate_time(key, now)
  local newest = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  if newest[2] and tonumber(newest[2]) > now then return tonumber(newest[2]) end
  return now
end
local function rate_spent(key, at, limit, window_us)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', string.format('%d', at - window_us))
  return redis.call('ZCARD', key) >= limit
end
local function rate_count(key, at, window_ms, suffix)
  local stamp = string.format('%d', at)
  redis.call('ZADD', key, stamp, stamp .. ':' .. suffix)
  redis.call('PEXPIRE', key, window_ms + 1)
end
)lua";

/// A nonce scope's sorted set maps each nonce (its exact bytes) to its expiry in ms. One key holds both
/// what the capacity counts and what a replay is looked up in, so the count cannot drift from the nonces.
/// nonces_prune(key, now_ms): drops the expired nonces (expiry <= now).
/// nonce_live(key, nonce): the nonce's expiry when it is held (after a prune: live), else false.
/// nonces_full(key, capacity): true when `capacity` nonces are held.
/// nonce_add(key, nonce, expiry_ms): holds the nonce until its expiry, and the set until its last one.
inline constexpr std::string_view kNonces = R"lua(
local function nonces_prune(key, now_ms)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', string.format('%d', now_ms))
end
local function nonce_live(key, nonce)
  return redis.call('ZSCORE', key, nonce)
end
local function nonces_full(key, capacity)
  return redis.call('ZCARD', key) >= capacity
end
local function nonce_add(key, nonce, expiry_ms)
  redis.call('ZADD', key, string.format('%d', expiry_ms), nonce)
  local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  redis.call('PEXPIREAT', key, last[2])
end
)lua";

}  // namespace tg::redis::lua
