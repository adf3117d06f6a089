#include "adapters/common/bucket_object.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include "adapters/common/config_fields.hpp"
#include "core/path_containment.hpp"
#include "signing/percent_encoding.hpp"
#include "tasks/media_resolver.hpp"

namespace tg::adapters {
namespace fs = std::filesystem;

namespace {

// The origin URL of a key: each path segment percent-encoded, the slashes kept.
std::string origin_url(std::string origin, std::string_view key) {
  while (!origin.empty() && origin.back() == '/') origin.pop_back();
  std::string url = origin;
  std::size_t start = 0;
  while (start <= key.size()) {
    std::size_t end = key.find('/', start);
    if (end == std::string_view::npos) end = key.size();
    url += "/" + signing::percent_encode(key.substr(start, end - start));
    start = end + 1;
  }
  return url;
}

}  // namespace

std::optional<std::string> bucket_root_error(std::string_view root) {
  if (config_fields::has_control_chars(root)) return "must not contain control characters";
  if (config_fields::starts_with_http(root)) {
    if (root.find(' ') != std::string_view::npos) return "must be a folder or an http(s) URL";
    return std::nullopt;
  }
  if (has_dot_dot_segment(root)) return "must not contain '..' segments";
  return std::nullopt;
}

std::string bucket_root_folder(std::string_view root_text, const std::string& media_root) {
  if (tasks::is_http_url(root_text)) return "";
  fs::path root{std::string(root_text)};
  if (root.is_relative()) root = fs::path(media_root) / root;
  auto canonical = canonical_path(root);
  return canonical ? canonical->string() : std::string();
}

std::optional<BucketObject> locate_bucket_object(std::string_view root_text, const std::string& media_root,
                                                 std::string_view object_key) {
  if (object_key.empty() || object_key.find('\0') != std::string_view::npos || has_dot_dot_segment(object_key)) {
    return std::nullopt;
  }
  BucketObject object;
  if (tasks::is_http_url(root_text)) {
    object.uri = origin_url(std::string(root_text), object_key);
    return object;
  }
  const std::string folder = bucket_root_folder(root_text, media_root);
  if (folder.empty()) return std::nullopt;
  const fs::path root(folder);
  // A key "/a" must not become an absolute path when joined to the root.
  std::string_view relative = object_key.substr(std::min(object_key.size(), object_key.find_first_not_of('/')));
  if (relative.empty()) return std::nullopt;
  std::error_code ec;
  // weakly_canonical follows every symlink that exists, so a link pointing out of the root is caught.
  fs::path candidate = fs::weakly_canonical(root / fs::path(std::string(relative)), ec);
  if (ec || !is_below(candidate, root)) return std::nullopt;
  struct stat st {};
  if (::stat(candidate.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  object.uri = candidate.string();
  object.root = root.string();
  object.local = true;
  object.size = static_cast<int64_t>(st.st_size);
  object.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  return object;
}

}  // namespace tg::adapters
