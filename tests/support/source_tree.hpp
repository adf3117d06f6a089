#pragma once
// Where the project's sources are (fixtures, schemas, the example config), as CMake configured it: a
// path taken from __FILE__ is relative when the compiler is run through a cache that rewrites paths.

#include <filesystem>

namespace tg::testing {

inline std::filesystem::path source_tree() { return std::filesystem::path(TG_SOURCE_DIR); }

}  // namespace tg::testing
