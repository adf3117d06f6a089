#include "engine/avfilter_library.hpp"

#include <dlfcn.h>

extern "C" {
#include <libavfilter/version_major.h>
#include <libavutil/macros.h>
}

#include <memory>
#include <string>

namespace tg::engine {
namespace {

// The soname of the major version compiled against: its ABI is the one these headers describe.
constexpr const char* kSoname = "libavfilter.so." AV_STRINGIFY(LIBAVFILTER_VERSION_MAJOR);

struct DlCloser {
  void operator()(void* handle) const { dlclose(handle); }
};

// Points `out` at `name` in the library; the first name not found is kept in `missing`.
template <class Fn>
void resolve(void* handle, const char* name, Fn*& out, std::string& missing) {
  out = reinterpret_cast<Fn*>(dlsym(handle, name));
  if (out == nullptr && missing.empty()) missing = name;
}

tg::Result<const AvfilterLibrary*, std::string> open_library() {
  dlerror();
  std::unique_ptr<void, DlCloser> handle(dlopen(kSoname, RTLD_NOW | RTLD_LOCAL));
  if (!handle) {
    const char* why = dlerror();
    return tg::unexpected(std::string("cannot load ") + kSoname + ": " + (why ? why : "unknown error"));
  }
  static AvfilterLibrary api;
  std::string missing;
  void* h = handle.get();
  resolve(h, "avfilter_graph_alloc", api.graph_alloc, missing);
  resolve(h, "avfilter_graph_free", api.graph_free, missing);
  resolve(h, "avfilter_get_by_name", api.get_by_name, missing);
  resolve(h, "avfilter_graph_create_filter", api.graph_create_filter, missing);
  resolve(h, "avfilter_link", api.link, missing);
  resolve(h, "avfilter_graph_config", api.graph_config, missing);
  resolve(h, "av_buffersrc_add_frame", api.buffersrc_add_frame, missing);
  resolve(h, "av_buffersrc_add_frame_flags", api.buffersrc_add_frame_flags, missing);
  resolve(h, "av_buffersink_get_frame", api.buffersink_get_frame, missing);
  if (!missing.empty()) return tg::unexpected(std::string(kSoname) + " has no " + missing);
  handle.release();  // open for the life of the process: the entry points given out stay valid
  return &api;
}

}  // namespace

tg::Result<const AvfilterLibrary*, std::string> avfilter_library() {
  static const tg::Result<const AvfilterLibrary*, std::string> loaded = open_library();
  return loaded;
}

}  // namespace tg::engine
