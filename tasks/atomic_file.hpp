#pragma once
// Files that appear whole or not at all: written to a temporary name in the same folder, then renamed.

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace tg::tasks {

struct FileError {
  int os_errno = 0;     // errno of the failed call, e.g. ENOSPC
  std::string message;  // what failed, with the path
};

/// Writes `data` to `dir`/`name` atomically; the error says what failed.
tg::Result<Ok, FileError> write_file_atomically(const std::string& dir, const std::string& name,
                                                std::string_view data);

}  // namespace tg::tasks
