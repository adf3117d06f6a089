#include "core/shared_library.hpp"

#include <dlfcn.h>

namespace tg {

void SharedLibraryCloser::operator()(void* handle) const { dlclose(handle); }

tg::Result<SharedLibrary, std::string> open_shared_library(const std::string& soname) {
  dlerror();
  SharedLibrary library(dlopen(soname.c_str(), RTLD_NOW | RTLD_LOCAL));
  if (!library) {
    const char* why = dlerror();
    return tg::unexpected("cannot load " + soname + ": " + (why ? why : "unknown error"));
  }
  return library;
}

void* find_symbol(const SharedLibrary& library, const char* name) { return dlsym(library.get(), name); }

}  // namespace tg
