#pragma once
// Opening a file beneath a root folder so that the open itself cannot leave it: checks made earlier on
// the path (canonical form, containment) cannot be undone by a symlink or a folder swapped in between.

#include <string>

namespace tg::engine {

enum class BeneathMethod {
  kAuto,  // openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS) where the kernel has it (Linux >= 5.6), else kWalk
  kWalk,  // one component at a time with openat(O_NOFOLLOW): stricter, it follows no symlink at all
};

/// Opens `relative` (a path without a leading '/') beneath the folder `root_fd` for reading, with
/// O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY and never following a symlink in the last component.
/// Returns the descriptor, or -errno: -EXDEV when the path would leave the root ('..' or a symlink
/// pointing out), -ELOOP for a symlink in the last component.
int open_beneath(int root_fd, const std::string& relative, BeneathMethod method = BeneathMethod::kAuto);

}  // namespace tg::engine
