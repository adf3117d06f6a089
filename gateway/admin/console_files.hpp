#pragma once
// The console page's files (index.html, app.js, app.css) as the admin routes serve them. The files are
// embedded at build time by the console library (console/console_assets.hpp); the wiring hands them in
// through ConsoleFiles, so that this folder depends on nothing but the lookup.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/api_message.hpp"

namespace tg::gateway::admin {

struct ConsoleFile {
  std::string_view content_type;
  std::string_view body;
};

/// The embedded file named `name` ("index.html", "app.js", "app.css"), or nullopt.
using ConsoleFiles = std::function<std::optional<ConsoleFile>(std::string_view name)>;

/// The Content-Security-Policy every console page is served with: nothing from elsewhere, no inline script.
inline constexpr std::string_view kConsolePolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The answer to a GET of `path` under /admin/ ("/admin/" is index.html, "/admin/app.js" its script, "/admin"
/// a 308 to "/admin/"), or nullopt when `path` names no console file.
std::optional<ApiResponse> console_answer(const ConsoleFiles& files, std::string_view path);

}  // namespace tg::gateway::admin
