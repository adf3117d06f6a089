#include "core/path_containment.hpp"

namespace tg {
namespace fs = std::filesystem;

bool is_below(const fs::path& path, const fs::path& root) {
  auto p = path.begin();
  for (const fs::path& part : root) {
    if (part.empty()) continue;  // a trailing separator on the root names no folder
    if (p == path.end() || *p != part) return false;
    ++p;
  }
  return p != path.end();
}

std::optional<fs::path> canonical_path(const fs::path& path) {
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec);
  if (ec) return std::nullopt;
  fs::path canonical = fs::weakly_canonical(absolute, ec);
  if (ec) return std::nullopt;
  return canonical;
}

bool has_dot_dot_segment(std::string_view name) {
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    if (name.substr(start, end - start) == "..") return true;
    start = end + 1;
  }
  return false;
}

}  // namespace tg
