#include "gateway/admin/admin_token.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/random_id.hpp"
#include "signing/digest.hpp"

namespace tg::gateway::admin {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kGeneratedBytes = 32;
constexpr off_t kMaxFileBytes = 4096;

std::string errno_text() { return std::strerror(errno); }

// Reads a small file whole; an error for anything that is not a regular file of at most kMaxFileBytes.
tg::Result<std::string, std::string> read_small_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return tg::unexpected("cannot read " + path + ": " + errno_text());
  struct stat info {};
  std::string text;
  bool ok = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size <= kMaxFileBytes;
  if (ok) {
    text.resize(static_cast<std::size_t>(info.st_size));
    std::size_t got = 0;
    while (ok && got < text.size()) {
      const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
      if (n < 0 && errno == EINTR) continue;
      ok = n > 0;
      if (ok) got += static_cast<std::size_t>(n);
    }
  }
  ::close(fd);
  if (!ok) return tg::unexpected(path + ": not a token file (delete it to make a new token)");
  return text;
}

// Writes `text` to `path` owner-only, whole or not at all.
tg::Result<Ok, std::string> write_private_file(const std::string& path, const std::string& text) {
  const std::string temp = path + ".tmp-" + random_hex(6);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return tg::unexpected("cannot create " + temp + ": " + errno_text());
  std::size_t put = 0;
  bool ok = true;
  while (ok && put < text.size()) {
    const ssize_t n = ::write(fd, text.data() + put, text.size() - put);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) put += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  const std::string why = ok ? "" : errno_text();
  ::close(fd);
  if (ok && ::rename(temp.c_str(), path.c_str()) == 0) return Ok{};
  const std::string reason = ok ? errno_text() : why;
  ::unlink(temp.c_str());
  return tg::unexpected("cannot write " + path + ": " + reason);
}

}  // namespace

std::string admin_token_path(const std::string& data_dir) { return (fs::path(data_dir) / "admin-token").string(); }

tg::Result<AdminToken, std::string> resolve_admin_token(const AdminSettings& settings, const std::string& data_dir) {
  if (!settings.token.empty()) return AdminToken{settings.token, false};
  const std::string path = admin_token_path(data_dir);
  std::error_code ec;
  if (fs::exists(fs::symlink_status(path, ec))) {
    TG_TRY_ASSIGN(std::string text, read_small_file(path));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    if (std::string problem = token_problem(text); !problem.empty()) {
      return tg::unexpected(path + ": the stored token " + problem + " (delete the file to make a new token)");
    }
    return AdminToken{std::move(text), true};
  }
  std::string token = signing::base64url_encode(random_bytes(kGeneratedBytes));
  TG_TRY(write_private_file(path, token + "\n"));
  return AdminToken{std::move(token), true};
}

}  // namespace tg::gateway::admin
