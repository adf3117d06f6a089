#include "engine/file_byte_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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
      return Error{Errc::kForbidden, errc_message(Errc::kForbidden), why};
    default: return Error{Errc::kIo, errc_message(Errc::kIo), why};
  }
}

}  // namespace

EngineResult<std::unique_ptr<FileByteSource>> FileByteSource::open(const std::string& path) {
  // O_NONBLOCK: a FIFO planted under the name must not block the open; it is refused below.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return tg::unexpected(open_error(errno, path));
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
