#include "tasks/media_resolver.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <filesystem>
#include <optional>

#include "core/path_containment.hpp"
#include "core/unique_fd.hpp"

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

// False once openat2 has answered ENOSYS (a kernel before 5.6) or EPERM (a seccomp filter that does not know it).
std::atomic<bool> openat2_usable{true};

// `relative` without empty and "." segments, joined to `root`.
std::string joined(const std::string& root, std::string_view relative) {
  std::string out = root;
  std::size_t start = 0;
  while (start <= relative.size()) {
    std::size_t end = relative.find('/', start);
    if (end == std::string_view::npos) end = relative.size();
    std::string_view part = relative.substr(start, end - start);
    if (!part.empty() && part != ".") {
      if (out.empty() || out.back() != '/') out.push_back('/');
      out.append(part);
    }
    start = end + 1;
  }
  return out;
}

// The common case answered in a few system calls: a path without symlinks, opened (O_PATH: nothing is read)
// by one openat2 that can neither leave the root nor follow a link. Such a path's canonical form is the root
// joined with its segments. nullopt leaves the decision to the full walk: a symlink on the way, an older
// kernel, anything unusual.
std::optional<tg::Result<std::string, ResolveError>> resolve_without_symlinks(const std::string& root,
                                                                              std::string_view relative) {
  if (!openat2_usable.load(std::memory_order_relaxed)) return std::nullopt;
  UniqueFd root_fd(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (root_fd.get() < 0) return std::nullopt;
  struct open_how how {};
  how.flags = O_PATH | O_CLOEXEC;  // a symlink, the last component too, fails with ELOOP
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  const std::string name(relative);
  UniqueFd file(static_cast<int>(::syscall(SYS_openat2, root_fd.get(), name.c_str(), &how, sizeof how)));
  if (file.get() < 0) {
    const int err = errno;
    if (err == ENOSYS || err == EPERM) openat2_usable.store(false, std::memory_order_relaxed);
    // Reached without a symlink, a missing component or a file used as a folder: not there, as the walk says.
    if (err == ENOENT || err == ENOTDIR) return tg::Result<std::string, ResolveError>(tg::unexpected(ResolveError::kNotFound));
    return std::nullopt;
  }
  struct stat st {};
  if (::fstat(file.get(), &st) != 0 || S_ISLNK(st.st_mode)) return std::nullopt;
  if (!S_ISREG(st.st_mode)) return tg::Result<std::string, ResolveError>(tg::unexpected(ResolveError::kNotFound));
  return tg::Result<std::string, ResolveError>(joined(root, relative));
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
  if (auto quick = resolve_without_symlinks(root_, relative)) return std::move(*quick);

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
