#include "engine/confined_open.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <string_view>
#include <vector>

#include "core/unique_fd.hpp"

namespace tg::engine {
namespace {

constexpr int kFileFlags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY;

// False once openat2 has answered ENOSYS (an older kernel) or EPERM (a seccomp filter that does not know it).
std::atomic<bool> openat2_usable{true};

std::vector<std::string_view> components(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (!part.empty() && part != ".") out.push_back(part);
    start = end + 1;
  }
  return out;
}

int walk(int root_fd, const std::string& relative) {
  std::vector<std::string_view> parts = components(relative);
  if (parts.empty()) return -EISDIR;
  UniqueFd dir(-1);
  int at = root_fd;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string name(parts[i]);
    if (name == "..") return -EXDEV;  // no symlink is followed, so '..' is the only way up
    const bool last = i + 1 == parts.size();
    int fd = ::openat(at, name.c_str(), last ? kFileFlags : O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
      int err = errno;
      // O_DIRECTORY | O_NOFOLLOW on a symlink fails with ENOTDIR: name it for what it is.
      struct stat st {};
      if (!last && err == ENOTDIR && ::fstatat(at, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
          S_ISLNK(st.st_mode)) {
        err = ELOOP;
      }
      return -err;
    }
    if (last) return fd;
    dir.reset(fd);
    at = dir.get();
  }
  return -ENOENT;
}

int with_openat2(int root_fd, const std::string& relative) {
  open_how how{};
  how.flags = kFileFlags;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  for (int attempt = 0;; ++attempt) {
    long fd = ::syscall(SYS_openat2, root_fd, relative.c_str(), &how, sizeof how);
    if (fd >= 0) return static_cast<int>(fd);
    // EAGAIN: a rename or mount raced with the resolution; the kernel asks for another try.
    if (errno != EAGAIN || attempt >= 8) return -errno;
  }
}

}  // namespace

int open_beneath(int root_fd, const std::string& relative, BeneathMethod method) {
  if (relative.empty() || relative.front() == '/') return -EXDEV;
  if (method == BeneathMethod::kAuto && openat2_usable.load(std::memory_order_relaxed)) {
    int fd = with_openat2(root_fd, relative);
    if (fd != -ENOSYS && fd != -EPERM) return fd;
    openat2_usable.store(false, std::memory_order_relaxed);
  }
  return walk(root_fd, relative);
}

}  // namespace tg::engine
