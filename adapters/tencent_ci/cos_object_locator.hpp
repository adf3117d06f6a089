#pragma once
// Where a bucket's object lives: a regular file under the bucket's root folder (never outside it, symlinks
// included), or a URL under the bucket's http(s) origin.

#include <cstdint>
#include <string>
#include <string_view>

#include "adapters/tencent_ci/ci_settings.hpp"
#include "core/result.hpp"

namespace tg::adapters::tencent_ci {

struct CosObject {
  std::string uri;        // absolute local path or origin URL, what the engine opens
  std::string root;       // the bucket's canonical root folder (local files only): the engine's open is confined to it
  bool local = false;
  int64_t size = -1;      // bytes (local files only)
  int64_t mtime_ns = 0;   // modification time (local files only)
};

enum class CosObjectError {
  kNoSuchKey,  // no regular file, a key with '..' segments or NUL, or a path leading out of the bucket
};

/// The root folder of `bucket` (relative roots are under `media_root`), canonical; "" for origins.
std::string bucket_root_folder(const adapters::tencent_ci::CiBucket& bucket, const std::string& media_root);

/// Locates `object_key` (the decoded path without its leading '/') in `bucket`.
tg::Result<CosObject, CosObjectError> locate_object(const adapters::tencent_ci::CiBucket& bucket,
                                                    const std::string& media_root, std::string_view object_key);

}  // namespace tg::adapters::tencent_ci
