#pragma once
// Folders that hold what only the gateway may read (its task database, its outputs, the demo app's
// secret) are created owner-only.

#include <string>

#include "core/result.hpp"

namespace tg {

/// Creates `path` and its missing parents with mode 0700 (whatever the umask). Folders that exist are
/// left as they are: their mode is the operator's choice. The error names the folder and the reason.
tg::Result<Ok, std::string> create_private_directories(const std::string& path);

}  // namespace tg
