#include "signing/nonce_cache.hpp"

#include <algorithm>
#include <limits>

namespace tg::signing {
namespace {

// Length-prefixed so that ("a:b", "c") and ("a", "b:c") never collide.
std::string make_key(std::string_view scope, std::string_view nonce) {
  std::string key = std::to_string(scope.size());
  key.push_back(':');
  key.append(scope).append(nonce);
  return key;
}

}  // namespace

NonceCache::NonceCache(size_t max_entries) : max_entries_(std::max<size_t>(max_entries, 1)) {}

bool NonceCache::remember(std::string_view scope, std::string_view nonce, int64_t now_ms,
                          int64_t ttl_ms) {
  if (ttl_ms <= 0) return true;
  std::string key = make_key(scope, nonce);
  std::lock_guard lock(mutex_);
  purge_expired(now_ms);
  if (live_.contains(key)) return false;
  // Saturate instead of overflowing for absurd ttl values.
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  const int64_t expires_at = now_ms > kMax - ttl_ms ? kMax : now_ms + ttl_ms;
  live_.insert(key);
  by_expiry_.emplace(expires_at, std::move(key));
  while (live_.size() > max_entries_) {
    // Over the cap: forget the entries closest to expiring first.
    auto oldest = by_expiry_.begin();
    live_.erase(oldest->second);
    by_expiry_.erase(oldest);
  }
  return true;
}

size_t NonceCache::size() const {
  std::lock_guard lock(mutex_);
  return live_.size();
}

void NonceCache::purge_expired(int64_t now_ms) {
  auto it = by_expiry_.begin();
  while (it != by_expiry_.end() && it->first <= now_ms) {
    live_.erase(it->second);
    it = by_expiry_.erase(it);
  }
}

}  // namespace tg::signing
