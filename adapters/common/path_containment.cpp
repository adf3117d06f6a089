#include "adapters/common/path_containment.hpp"

namespace tg::adapters {
namespace fs = std::filesystem;

bool is_below(const fs::path& path, const fs::path& root) {
  auto p = path.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++p) {
    if (r->empty()) continue;  // a trailing separator on the root
    if (p == path.end() || *p != *r) return false;
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

}  // namespace tg::adapters
