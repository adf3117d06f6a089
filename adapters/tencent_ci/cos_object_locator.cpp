#include "adapters/tencent_ci/cos_object_locator.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include "core/path_containment.hpp"
#include "signing/cos_signature.hpp"
#include "tasks/media_resolver.hpp"

namespace tg::adapters::tencent_ci {
namespace fs = std::filesystem;

namespace {

// The origin URL of a key: each path segment COS-UrlEncoded, the slashes kept.
std::string origin_url(std::string origin, std::string_view key) {
  while (!origin.empty() && origin.back() == '/') origin.pop_back();
  std::string url = origin;
  std::size_t start = 0;
  while (start <= key.size()) {
    std::size_t end = key.find('/', start);
    if (end == std::string_view::npos) end = key.size();
    url += "/" + signing::cos_url_encode(key.substr(start, end - start));
    start = end + 1;
  }
  return url;
}

}  // namespace

std::string bucket_root_folder(const adapters::tencent_ci::CiBucket& bucket, const std::string& media_root) {
  if (tasks::is_http_url(bucket.root)) return "";
  fs::path root(bucket.root);
  if (root.is_relative()) root = fs::path(media_root) / root;
  auto canonical = canonical_path(root);
  return canonical ? canonical->string() : std::string();
}

tg::Result<CosObject, CosObjectError> locate_object(const adapters::tencent_ci::CiBucket& bucket,
                                                    const std::string& media_root, std::string_view object_key) {
  if (object_key.empty() || object_key.find('\0') != std::string_view::npos || has_dot_dot_segment(object_key)) {
    return tg::unexpected(CosObjectError::kNoSuchKey);
  }
  CosObject object;
  if (tasks::is_http_url(bucket.root)) {
    object.uri = origin_url(bucket.root, object_key);
    return object;
  }
  const std::string root_text = bucket_root_folder(bucket, media_root);
  if (root_text.empty()) return tg::unexpected(CosObjectError::kNoSuchKey);
  const fs::path root(root_text);
  // A key "/a" must not become an absolute path when joined to the root.
  std::string_view relative = object_key.substr(std::min(object_key.size(), object_key.find_first_not_of('/')));
  if (relative.empty()) return tg::unexpected(CosObjectError::kNoSuchKey);
  std::error_code ec;
  // weakly_canonical follows every symlink that exists, so a link pointing out of the root is caught.
  fs::path candidate = fs::weakly_canonical(root / fs::path(std::string(relative)), ec);
  if (ec || !is_below(candidate, root)) return tg::unexpected(CosObjectError::kNoSuchKey);
  struct stat st {};
  if (::stat(candidate.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return tg::unexpected(CosObjectError::kNoSuchKey);
  object.uri = candidate.string();
  object.root = root.string();
  object.local = true;
  object.size = static_cast<int64_t>(st.st_size);
  object.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  return object;
}

}  // namespace tg::adapters::tencent_ci
