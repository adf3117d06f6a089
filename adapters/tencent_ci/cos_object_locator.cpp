#include "adapters/tencent_ci/cos_object_locator.hpp"

namespace tg::adapters::tencent_ci {

std::string bucket_root_folder(const adapters::tencent_ci::CiBucket& bucket, const std::string& media_root) {
  return adapters::bucket_root_folder(bucket.root, media_root);
}

tg::Result<CosObject, CosObjectError> locate_object(const adapters::tencent_ci::CiBucket& bucket,
                                                    const std::string& media_root, std::string_view object_key) {
  auto found = locate_bucket_object(bucket.root, media_root, object_key);
  if (!found) return tg::unexpected(CosObjectError::kNoSuchKey);
  return std::move(*found);
}

}  // namespace tg::adapters::tencent_ci
