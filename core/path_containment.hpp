#pragma once
// Whether a path lies inside a root folder, on canonical paths (symlinks that exist followed), so that a
// name or a link cannot lead out of the folder it is confined to.

#include <filesystem>
#include <optional>
#include <string_view>

namespace tg {

/// True when `path` lies strictly below `root` (both canonical, e.g. from canonical_path).
bool is_below(const std::filesystem::path& path, const std::filesystem::path& root);

/// `path` made absolute and canonical (every existing symlink followed); nullopt when that fails.
std::optional<std::filesystem::path> canonical_path(const std::filesystem::path& path);

/// True when a '/'-separated relative name has a ".." segment (refused before it is joined to a root).
bool has_dot_dot_segment(std::string_view name);

}  // namespace tg
