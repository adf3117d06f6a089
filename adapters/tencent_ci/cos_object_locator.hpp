#pragma once
// Where a bucket's object lives: a regular file under the bucket's root folder (never outside it, symlinks
// included), or a URL under the bucket's http(s) origin (adapters/common/bucket_object.hpp).

#include <string>
#include <string_view>

#include "adapters/common/bucket_object.hpp"
#include "adapters/tencent_ci/ci_settings.hpp"
#include "core/result.hpp"

namespace tg::adapters::tencent_ci {

using CosObject = adapters::BucketObject;

enum class CosObjectError {
  kNoSuchKey,  // no regular file, a key with '..' segments or NUL, or a path leading out of the bucket
};

/// The root folder of `bucket` (relative roots are under `media_root`), canonical; "" for origins.
std::string bucket_root_folder(const adapters::tencent_ci::CiBucket& bucket, const std::string& media_root);

/// Locates `object_key` (the decoded path without its leading '/') in `bucket`.
tg::Result<CosObject, CosObjectError> locate_object(const adapters::tencent_ci::CiBucket& bucket,
                                                    const std::string& media_root, std::string_view object_key);

}  // namespace tg::adapters::tencent_ci
