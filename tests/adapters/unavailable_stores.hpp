#pragma once
// A rate limiter and a replay cache whose shared store is down, for the vendors' "temporarily
// unavailable" answers. The replay cache is a real NonceCache that can be taken down and brought back, so
// a test shows that nothing passes while it is down and that nothing was used up. The limiter answers what
// the test sets (kUnavailable for a store that is down) and records what it was asked.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "adapters/common/rate_limiter.hpp"
#include "signing/nonce_cache.hpp"

namespace tg::adapters::testing {

class ScriptedLimiter final : public RateLimiter {
 public:
  Admission try_acquire(std::string_view key, int64_t now_ms, int limit, int64_t window_ms) override {
    ++asked;
    last_now_ms = now_ms;
    last_key = key;
    last_limit = limit;
    last_window_ms = window_ms;
    return answer;
  }
  Admission answer = Admission::kAdmitted;
  int asked = 0;
  int64_t last_now_ms = 0;
  std::string last_key;
  int last_limit = 0;
  int64_t last_window_ms = 0;
};

class SwitchableReplayCache final : public signing::ReplayCache {
 public:
  bool seen(std::string_view scope, std::string_view nonce, int64_t now_ms) override {
    return !down && inner_.seen(scope, nonce, now_ms);
  }
  signing::ReplayVerdict remember_once(std::string_view scope, std::string_view nonce, int64_t expires_ms,
                                       int64_t now_ms, std::size_t capacity) override {
    if (down) return signing::ReplayVerdict::kUnavailable;
    return inner_.remember_once(scope, nonce, expires_ms, now_ms, capacity);
  }
  std::atomic<bool> down = false;

 private:
  signing::NonceCache inner_;
};

}  // namespace tg::adapters::testing
