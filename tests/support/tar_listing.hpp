#pragma once
// Reads a tar archive back with libarchive, for tests that check what an archive holds.

#include <string>
#include <utility>
#include <vector>

namespace tg::testing {

struct TarEntry {
  std::string name;
  std::string data;
};

/// Every regular file in the tar archive at `path`, in archive order; empty when it cannot be read (the
/// reason goes to `error`).
std::vector<TarEntry> read_tar(const std::string& path, std::string* error = nullptr);

}  // namespace tg::testing
