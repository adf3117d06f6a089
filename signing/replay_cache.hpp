#pragma once
// Replay protection seam: each (scope, nonce) is accepted once until it expires. A scope is one signing
// key (a ZEGO AppId, a Tencent SecretId) and holds a bounded number of nonces; when it is full, new
// nonces are refused rather than old ones forgotten. In memory (NonceCache) or in a store several gateway
// processes share (RedisReplayCache).

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tg::signing {

enum class ReplayVerdict {
  kFresh,   // not seen before: now remembered
  kReplay,  // remembered and not yet expired
  kFull,    // the scope already holds `capacity` unexpired nonces: nothing recorded, nothing forgotten
  kUnavailable,  // the cache could not decide (its shared store is unreachable or failed): the call must
                 // be refused as a temporary failure, never accepted (a replay must not pass)
};

class ReplayCache {
 public:
  virtual ~ReplayCache() = default;

  /// True when `nonce` is remembered in `scope` and has not expired at now_ms; records nothing. False
  /// when the cache cannot tell: remember_once, asked before a call is accepted, then answers kUnavailable.
  virtual bool seen(std::string_view scope, std::string_view nonce, int64_t now_ms) = 0;

  /// Atomically remembers `nonce` in `scope` until expires_ms (a racing duplicate gets kReplay). An
  /// expires_ms at or before now_ms records nothing and answers kFresh.
  virtual ReplayVerdict remember_once(std::string_view scope, std::string_view nonce, int64_t expires_ms,
                                      int64_t now_ms, std::size_t capacity) = 0;
};

/// The most nonces a key can legitimately hold at once: at most `limit` accepted calls in any
/// `limit_window_ms`, each remembered for at most `max_lifetime_ms` (plus the second by which a cache
/// may round an expiry up). At least 1.
std::size_t replay_capacity(int64_t limit, int64_t limit_window_ms, int64_t max_lifetime_ms);

}  // namespace tg::signing
