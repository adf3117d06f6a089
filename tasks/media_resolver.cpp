#include "tasks/media_resolver.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "core/path_containment.hpp"

namespace tg::tasks {
namespace fs = std::filesystem;

namespace {

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

}  // namespace

const char* resolve_error_name(ResolveError error) {
  switch (error) {
    case ResolveError::kInvalid: return "invalid";
    case ResolveError::kNotFound: return "not_found";
    case ResolveError::kStore: return "store";
  }
  return "invalid";
}

bool is_http_url(std::string_view text) {
  return starts_with_nocase(text, "http://") || starts_with_nocase(text, "https://");
}

MediaResolver::MediaResolver(MediaTable& store, std::string media_root) : store_(store) {
  auto canonical = canonical_path(media_root);
  if (canonical && !media_root.empty()) root_ = canonical->string();
}

tg::Result<std::string, ResolveError> MediaResolver::resolve_path(std::string_view object_path) const {
  if (root_.empty()) return tg::unexpected(ResolveError::kNotFound);
  if (object_path.find('\0') != std::string_view::npos) return tg::unexpected(ResolveError::kInvalid);
  size_t first = object_path.find_first_not_of('/');
  if (first == std::string_view::npos) return tg::unexpected(ResolveError::kInvalid);  // empty or only '/'
  std::string_view relative = object_path.substr(first);

  if (has_dot_dot_segment(relative)) return tg::unexpected(ResolveError::kInvalid);

  std::error_code ec;
  const fs::path root(root_);
  // weakly_canonical follows every symlink that exists, so a link pointing out of the root is caught.
  fs::path candidate = fs::weakly_canonical(root / fs::path(std::string(relative)), ec);
  if (ec) return tg::unexpected(ResolveError::kNotFound);
  if (!is_below(candidate, root)) return tg::unexpected(ResolveError::kInvalid);
  fs::file_status status = fs::status(candidate, ec);
  if (ec || !fs::is_regular_file(status)) return tg::unexpected(ResolveError::kNotFound);
  return candidate.string();
}

tg::Result<std::string, ResolveError> MediaResolver::resolve_file_id(std::string_view file_id) const {
  if (file_id.empty() || file_id.find('\0') != std::string_view::npos) {
    return tg::unexpected(ResolveError::kInvalid);
  }
  auto entry = store_.get_media(std::string(file_id));
  if (!entry) return tg::unexpected(ResolveError::kStore);
  if (entry->has_value()) {
    const std::string& source = **entry;
    if (is_http_url(source)) return source;
    return resolve_path(source);
  }
  return resolve_path(file_id);
}

}  // namespace tg::tasks
