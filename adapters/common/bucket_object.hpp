#pragma once
// Where an object of a storage bucket (COS, OBS, ...) lives when the gateway stands in for the bucket: a
// regular file under the bucket's root folder (never outside it, symlinks included), or a URL under the
// bucket's http(s) origin. Shared by every vendor whose requests name a bucket and an object key.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace tg::adapters {

struct BucketObject {
  std::string uri;        // absolute local path or origin URL, what the engine opens
  std::string root;       // the bucket's canonical root folder (local files only): the engine's open is confined to it
  bool local = false;
  int64_t size = -1;      // bytes (local files only)
  int64_t mtime_ns = 0;   // modification time (local files only)
};

/// Why a configured bucket root (a folder, relative to media_root or absolute, or an http(s) origin URL)
/// is not acceptable: control characters, a '..' segment, a URL with a space; nullopt when it is.
std::optional<std::string> bucket_root_error(std::string_view root);

/// The root folder `root` (relative roots are under `media_root`), canonical; "" for origins or when it
/// cannot be resolved.
std::string bucket_root_folder(std::string_view root, const std::string& media_root);

/// Locates `object_key` (decoded, without a leading '/') in the bucket whose root is `root`: nullopt for
/// an empty key, NUL, '..' segments, no regular file, or a path leading out of the bucket. Origin URLs
/// get each key segment percent-encoded (RFC 3986), the slashes kept.
std::optional<BucketObject> locate_bucket_object(std::string_view root, const std::string& media_root,
                                                 std::string_view object_key);

}  // namespace tg::adapters
