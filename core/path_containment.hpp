#pragma once
// Whether a path lies inside a root folder, on canonical paths (symlinks that exist followed), so that a
// name or a link cannot lead out of the folder it is confined to.

#include <filesystem>
#include <optional>

namespace tg {

/// True when `path` lies strictly below `root` (both canonical, e.g. from canonical_path).
bool is_below(const std::filesystem::path& path, const std::filesystem::path& root);

/// `path` made absolute and canonical (every existing symlink followed); nullopt when that fails.
std::optional<std::filesystem::path> canonical_path(const std::filesystem::path& path);

}  // namespace tg
