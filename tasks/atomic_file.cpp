#include "tasks/atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "core/random_id.hpp"

namespace tg::tasks {
namespace {

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using FileHandle = std::unique_ptr<std::FILE, FileCloser>;

}  // namespace

tg::Result<Ok, FileError> write_file_atomically(const std::string& dir, const std::string& name,
                                                std::string_view data) {
  namespace fs = std::filesystem;
  const fs::path target = fs::path(dir) / name;
  const fs::path temp = fs::path(dir) / ("." + name + ".tmp-" + random_hex(6));
  {
    FileHandle file(std::fopen(temp.c_str(), "wb"));
    if (!file) {
      int err = errno;
      return tg::unexpected(FileError{err, "cannot create " + temp.string() + ": " + std::strerror(err)});
    }
    bool written = data.empty() || std::fwrite(data.data(), 1, data.size(), file.get()) == data.size();
    bool flushed = std::fflush(file.get()) == 0;
    if (!written || !flushed) {
      int err = errno;
      file.reset();
      std::error_code ec;
      fs::remove(temp, ec);
      return tg::unexpected(FileError{err, "cannot write " + temp.string() + ": " + std::strerror(err)});
    }
    if (std::fclose(file.release()) != 0) {
      int err = errno;
      std::error_code ec;
      fs::remove(temp, ec);
      return tg::unexpected(FileError{err, "cannot close " + temp.string() + ": " + std::strerror(err)});
    }
  }
  std::error_code ec;
  fs::rename(temp, target, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    return tg::unexpected(FileError{ec.value(), "cannot rename to " + target.string() + ": " + ec.message()});
  }
  return Ok{};
}

}  // namespace tg::tasks
