#pragma once
// The media table's answers (a source, or "unknown") kept in this process for a while, so that a submission
// naming a FileId does not ask a shared database each time. An entry is reused until it is `ttl_ms` old or
// clear() drops everything (the owner calls it when another process announces a change of the table). A
// lookup that began before a clear() is not kept: it may have read the table before the change.
// Thread-safe. At most kMaxEntries are kept; when full, everything is dropped (a flood of unknown FileIds
// costs database lookups, never memory).

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace tg::tasks {

class MediaCache {
 public:
  static constexpr std::size_t kMaxEntries = 4096;

  explicit MediaCache(int64_t ttl_ms) : ttl_ms_(ttl_ms) {}

  /// What to pass to keep(): taken before the database is read.
  uint64_t generation() const;
  /// The kept answer for `file_id` (nullopt inside: known to be unknown), or nullopt when none is fresh.
  std::optional<std::optional<std::string>> find(const std::string& file_id, int64_t now_ms) const;
  /// Keeps an answer read from the database, unless clear() ran since `generation`.
  void keep(const std::string& file_id, std::optional<std::string> source, int64_t now_ms, uint64_t generation);
  /// Drops the entry of `file_id` (this process changed it).
  void forget(const std::string& file_id);
  /// Drops every entry.
  void clear();
  std::size_t size() const;

 private:
  struct Entry {
    std::optional<std::string> source;
    int64_t expires_ms = 0;
  };

  const int64_t ttl_ms_;
  mutable std::mutex mutex_;
  uint64_t generation_ = 0;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace tg::tasks
