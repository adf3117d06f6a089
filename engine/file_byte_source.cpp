#include "engine/file_byte_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "engine/confined_open.hpp"
#include "engine/engine_error.hpp"

namespace tg::engine {
namespace {

Error open_error(int err, const std::string& path) {
  const std::string why = "cannot open " + path + ": " + std::strerror(err);
  switch (err) {
    case ENOENT:
    case ENOTDIR: return Error{Errc::kNotFound, errc_message(Errc::kNotFound), "no such file: " + path};
    case EACCES:
    case EPERM:
    case ELOOP:  // a symlink where the checked path had a file
    case EXDEV:  // the path leads out of its root
      return Error{Errc::kForbidden, errc_message(Errc::kForbidden), why};
    default: return Error{Errc::kIo, errc_message(Errc::kIo), why};
  }
}

// `path` relative to `root` when it lies beneath it (by its text: the open checks the rest), else "".
std::string relative_to(const std::string& path, std::string root) {
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  if (root.empty() || root.front() != '/') return "";
  const std::string prefix = root == "/" ? root : root + "/";
  if (path.size() <= prefix.size() || path.compare(0, prefix.size(), prefix) != 0) return "";
  const std::size_t start = path.find_first_not_of('/', prefix.size());
  return start == std::string::npos ? "" : path.substr(start);
}

// The descriptor of `path` opened beneath `root`, or -errno.
int open_confined(const std::string& path, const std::string& root) {
  const std::string relative = relative_to(path, root);
  if (relative.empty()) return -EXDEV;
  int root_fd = ::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (root_fd < 0) return -errno;
  int fd = open_beneath(root_fd, relative);
  ::close(root_fd);
  return fd;
}

}  // namespace

EngineResult<std::unique_ptr<FileByteSource>> FileByteSource::open(const std::string& path, const std::string& root) {
  int fd = -1;
  if (root.empty()) {
    // O_NONBLOCK: a FIFO planted under the name must not block the open; it is refused below.
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) fd = -errno;
  } else {
    fd = open_confined(path, root);
  }
  if (fd < 0) {
    Error e = open_error(-fd, path);
    if (!root.empty()) e.detail += " (beneath " + root + ")";
    return tg::unexpected(std::move(e));
  }
  std::unique_ptr<FileByteSource> source(new FileByteSource(fd, 0, path));
  struct stat st {};
  if (::fstat(fd, &st) != 0) return fail_with_detail(Errc::kIo, "cannot stat " + path + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return fail_with_detail(Errc::kNotMedia, "not a regular file: " + path);
  if (st.st_size == 0) return fail_with_detail(Errc::kNotMedia, "empty file: " + path);
  source->size_ = static_cast<int64_t>(st.st_size);
  return source;
}

FileByteSource::~FileByteSource() {
  if (fd_ >= 0) ::close(fd_);
}

EngineResult<std::size_t> FileByteSource::read(uint8_t* buffer, std::size_t size) {
  for (;;) {
    ssize_t n = ::pread(fd_, buffer, size, position_);
    if (n >= 0) {
      position_ += n;
      return static_cast<std::size_t>(n);
    }
    if (errno != EINTR) return fail_with_detail(Errc::kIo, "cannot read " + path_ + ": " + std::strerror(errno));
  }
}

EngineResult<Ok> FileByteSource::seek(int64_t offset) {
  if (offset < 0) return fail_with_detail(Errc::kIo, "negative offset in " + path_);
  position_ = offset;
  return Ok{};
}

}  // namespace tg::engine
