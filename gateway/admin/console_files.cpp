#include "gateway/admin/console_files.hpp"

#include "gateway/admin/admin_answer.hpp"

namespace tg::gateway::admin {

std::optional<ApiResponse> console_answer(const ConsoleFiles& files, std::string_view path) {
  if (path == "/admin") {
    ApiResponse moved;
    moved.status = 308;
    moved.content_type = "text/plain; charset=utf-8";
    moved.body = "/admin/\n";
    moved.headers.emplace_back("Location", "/admin/");
    add_admin_headers(moved);
    return moved;
  }
  constexpr std::string_view kPrefix = "/admin/";
  if (path.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  std::string_view name = path.substr(kPrefix.size());
  if (name.empty()) name = "index.html";
  // Only the page's own files: a name with a folder in it is never one.
  if (name.find('/') != std::string_view::npos || !files) return std::nullopt;
  const std::optional<ConsoleFile> file = files(name);
  if (!file) return std::nullopt;
  ApiResponse answer;
  answer.status = 200;
  answer.content_type = std::string(file->content_type);
  answer.body = std::string(file->body);
  add_admin_headers(answer);
  answer.headers.emplace_back("Content-Security-Policy", std::string(kConsolePolicy));
  answer.headers.emplace_back("X-Frame-Options", "DENY");
  answer.headers.emplace_back("Referrer-Policy", "no-referrer");
  return answer;
}

}  // namespace tg::gateway::admin
