#pragma once
// The in-memory ReplayCache: per scope, an open-addressing table of 64-bit keyed nonce tags with their
// expiry in whole seconds (12 bytes a slot). An unexpired nonce is never forgotten: a full scope refuses
// new nonces (ReplayVerdict::kFull). Expired entries are swept when a scope grows or is full, and scopes
// with nothing unexpired left are dropped. It never answers kUnavailable.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "signing/nonce_tag.hpp"
#include "signing/replay_cache.hpp"

namespace tg::signing {

class NonceCache final : public ReplayCache {
 public:
  /// Above any capacity replay_capacity() gives for the configurable limits (10,000 calls a second for
  /// 20 minutes): a safety bound on one scope's memory, not a limit legitimate traffic meets.
  static constexpr std::size_t kDefaultMaxPerScope = std::size_t{1} << 24;

  /// `max_per_scope` caps every scope's capacity (whatever the caller asks for).
  explicit NonceCache(std::size_t max_per_scope = kDefaultMaxPerScope);
  ~NonceCache() override;

  bool seen(std::string_view scope, std::string_view nonce, int64_t now_ms) override;
  ReplayVerdict remember_once(std::string_view scope, std::string_view nonce, int64_t expires_ms, int64_t now_ms,
                              std::size_t capacity) override;

  /// Entries held in `scope` (expired ones until they are swept).
  std::size_t size(std::string_view scope) const;
  /// Entries held in every scope.
  std::size_t size() const;
  /// Scopes currently held.
  std::size_t scope_count() const;
  /// Bytes of the scopes' tables.
  std::size_t table_bytes() const;

 private:
  class Table;
  struct Scope;

  // The scope's entry, created when `create`; nullptr when absent.
  std::shared_ptr<Scope> find_scope(std::string_view scope, bool create);
  // At most once a minute: drops scopes whose every entry has expired.
  void drop_idle_scopes(int64_t now_ms);

  const std::size_t max_per_scope_;
  const NonceTagger tagger_;
  mutable std::mutex mutex_;  // guards scopes_ and last_drop_ms_; taken before any scope's mutex
  std::map<std::string, std::shared_ptr<Scope>, std::less<>> scopes_;
  int64_t last_drop_ms_ = 0;
};

}  // namespace tg::signing
