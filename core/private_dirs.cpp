#include "core/private_dirs.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace tg {

tg::Result<Ok, std::string> create_private_directories(const std::string& path) {
  if (path.empty()) return tg::unexpected(std::string("an empty folder name"));
  namespace fs = std::filesystem;
  // Parents first: each missing one is made here, so each gets the owner-only mode.
  fs::path built;
  for (const fs::path& part : fs::path(path).lexically_normal()) {
    built /= part;
    if (part.empty() || part == "/") continue;
    if (::mkdir(built.c_str(), 0700) == 0) {
      ::chmod(built.c_str(), 0700);  // mkdir's mode went through the umask
      continue;
    }
    const int err = errno;
    struct stat st {};
    if (err == EEXIST && ::stat(built.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) continue;
    return tg::unexpected("cannot create " + built.string() + ": " + std::strerror(err == EEXIST ? ENOTDIR : err));
  }
  return Ok{};
}

}  // namespace tg
