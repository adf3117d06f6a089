#pragma once
// Replay protection: remembers (scope, nonce) pairs for a time-to-live and refuses a second use.

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>

namespace tg::signing {

class NonceCache {
 public:
  static constexpr size_t kDefaultMaxEntries = 1'000'000;

  explicit NonceCache(size_t max_entries = kDefaultMaxEntries);

  /// False when (scope, nonce) was remembered and has not expired at now_ms; otherwise records it
  /// until now_ms + ttl_ms and returns true. A ttl_ms <= 0 records nothing and returns true.
  bool remember(std::string_view scope, std::string_view nonce, int64_t now_ms, int64_t ttl_ms);

  /// Entries currently held (expired ones are dropped lazily, on the next remember).
  size_t size() const;

 private:
  // Drops every entry whose expiry is at or before now_ms; caller holds mutex_.
  void purge_expired(int64_t now_ms);

  const size_t max_entries_;
  mutable std::mutex mutex_;
  std::unordered_set<std::string> live_;           // keys not yet expired
  std::multimap<int64_t, std::string> by_expiry_;  // expiry → key, one entry per live key
};

}  // namespace tg::signing
