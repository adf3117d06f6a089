#pragma once
// The admin console's files (index.html, app.js, app.css), compiled into the binary from console/ so the
// gateway serves them without reading anything from disk.

#include <string_view>

namespace tg::console {

struct ConsoleAsset {
  std::string_view name;          // "index.html", "app.js", "app.css"
  std::string_view content_type;  // with its charset, ready for the Content-Type header
  std::string_view body;
};

/// The asset called exactly `name`, or nullptr for any other name (no path handling: "a/../app.js" is
/// simply unknown).
const ConsoleAsset* find_console_asset(std::string_view name);

}  // namespace tg::console
