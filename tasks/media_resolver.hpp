#pragma once
// Turns a client's file id or object path into what the engine opens: an absolute path that is
// guaranteed to lie under media_root (symlinks included), or an http(s) URL registered in the media table.

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "tasks/media_table.hpp"

namespace tg::tasks {

enum class ResolveError {
  kInvalid,   // malformed, or points outside media_root
  kNotFound,  // no such regular file
  kStore,     // the media table could not be read
};

/// "invalid", "not_found", "store".
const char* resolve_error_name(ResolveError error);

class MediaResolver {
 public:
  MediaResolver(MediaTable& store, std::string media_root);

  /// The canonical absolute path of `object_path` (relative to media_root; one or more leading '/'
  /// are stripped). Rejects NUL, empty, '..' segments and anything resolving outside media_root.
  tg::Result<std::string, ResolveError> resolve_path(std::string_view object_path) const;
  /// The media table's entry for `file_id` (an http(s) URL as is, or a path resolved as above);
  /// without an entry, `file_id` itself as an object path.
  tg::Result<std::string, ResolveError> resolve_file_id(std::string_view file_id) const;

  const std::string& media_root() const { return root_; }

 private:
  MediaTable& store_;
  std::string root_;  // canonical; empty when media_root itself cannot be resolved
};

/// True when `text` starts with "http://" or "https://" (scheme case-insensitive).
bool is_http_url(std::string_view text);

}  // namespace tg::tasks
