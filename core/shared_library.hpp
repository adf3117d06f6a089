#pragma once
// A shared library opened at run time by its soname, for the libraries only some processes need (libcurl,
// libavfilter): the others start without loading them and their dependencies.

#include <memory>
#include <string>

#include "core/result.hpp"

namespace tg {

struct SharedLibraryCloser {
  void operator()(void* handle) const;
};
using SharedLibrary = std::unique_ptr<void, SharedLibraryCloser>;

/// `soname` opened with its symbols bound at once and kept out of the global scope; the loader's message
/// when it cannot be opened.
tg::Result<SharedLibrary, std::string> open_shared_library(const std::string& soname);

/// The address of `name` in `library`, or nullptr.
void* find_symbol(const SharedLibrary& library, const char* name);

/// Points `out` at `name` in `library`; the first name not found is kept in `missing`.
template <class Fn>
void resolve_symbol(const SharedLibrary& library, const char* name, Fn*& out, std::string& missing) {
  out = reinterpret_cast<Fn*>(find_symbol(library, name));
  if (out == nullptr && missing.empty()) missing = name;
}

}  // namespace tg
