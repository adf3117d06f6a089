#pragma once
// The media table: a file id -> a path under the media root (relative) or an http(s) URL.

#include <cstdint>
#include <optional>
#include <string>

#include "tasks/store_result.hpp"

namespace tg::tasks {

class MediaTable {
 public:
  virtual ~MediaTable() = default;

  /// Registers or replaces the source of `file_id`.
  virtual StoreResult<bool> put_media(const std::string& file_id, const std::string& source, int64_t now_ms) = 0;
  /// The source of `file_id`; nullopt when unknown.
  virtual StoreResult<std::optional<std::string>> get_media(const std::string& file_id) = 0;
  /// Drops what this process keeps of the table, if anything: another process has changed it.
  virtual void forget_cached_media() {}
};

}  // namespace tg::tasks
