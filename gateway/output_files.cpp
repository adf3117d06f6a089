#include "gateway/output_files.hpp"

#include <filesystem>
#include <system_error>

namespace tg::gateway {
namespace fs = std::filesystem;

namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

ApiResponse not_found() {
  ApiResponse r;
  r.status = 404;
  r.content_type = "application/json";
  r.body = R"({"error":"NotFound","message":"no such output file"})";
  return r;
}

/// Only "<segment>/<segment>" made of safe characters, none starting with '.'.
bool safe_relative(std::string_view relative) {
  if (relative.empty() || relative.size() > 512) return false;
  std::size_t start = 0;
  int segments = 0;
  while (start <= relative.size()) {
    std::size_t slash = relative.find('/', start);
    if (slash == std::string_view::npos) slash = relative.size();
    std::string_view seg = relative.substr(start, slash - start);
    if (seg.empty() || seg.front() == '.') return false;
    for (char c : seg) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                c == '_' || c == '.';
      if (!ok) return false;
    }
    ++segments;
    start = slash + 1;
  }
  return segments >= 1 && segments <= 4;
}

}  // namespace

std::string output_content_type(std::string_view name) {
  if (ends_with(name, ".jpg") || ends_with(name, ".jpeg")) return "image/jpeg";
  if (ends_with(name, ".png")) return "image/png";
  if (ends_with(name, ".webp")) return "image/webp";
  if (ends_with(name, ".tar")) return "application/x-tar";
  if (ends_with(name, ".vtt")) return "text/vtt; charset=utf-8";
  if (ends_with(name, ".json")) return "application/json";
  return "application/octet-stream";
}

ApiResponse serve_output(const std::string& outputs_dir, std::string_view relative) {
  if (!safe_relative(relative)) return not_found();
  fs::path path = fs::path(outputs_dir) / fs::path(std::string(relative));
  std::error_code ec;
  auto status = fs::symlink_status(path, ec);
  if (ec || !fs::is_regular_file(status)) return not_found();
  ApiResponse r;
  r.status = 200;
  r.content_type = output_content_type(relative);
  r.file_path = path.string();
  r.headers.emplace_back("Cache-Control", "public, max-age=86400");
  return r;
}

}  // namespace tg::gateway
