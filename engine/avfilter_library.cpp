#include "engine/avfilter_library.hpp"

extern "C" {
#include <libavfilter/version_major.h>
#include <libavutil/macros.h>
}

#include <string>

#include "core/shared_library.hpp"

namespace tg::engine {
namespace {

// The soname of the major version compiled against: its ABI is the one these headers describe.
constexpr const char* kSoname = "libavfilter.so." AV_STRINGIFY(LIBAVFILTER_VERSION_MAJOR);

tg::Result<const AvfilterLibrary*, std::string> open_library() {
  TG_TRY_ASSIGN(SharedLibrary handle, open_shared_library(kSoname));
  static AvfilterLibrary api;
  std::string missing;
  resolve_symbol(handle, "avfilter_graph_alloc", api.graph_alloc, missing);
  resolve_symbol(handle, "avfilter_graph_free", api.graph_free, missing);
  resolve_symbol(handle, "avfilter_get_by_name", api.get_by_name, missing);
  resolve_symbol(handle, "avfilter_graph_create_filter", api.graph_create_filter, missing);
  resolve_symbol(handle, "avfilter_link", api.link, missing);
  resolve_symbol(handle, "avfilter_graph_config", api.graph_config, missing);
  resolve_symbol(handle, "av_buffersrc_add_frame", api.buffersrc_add_frame, missing);
  resolve_symbol(handle, "av_buffersrc_add_frame_flags", api.buffersrc_add_frame_flags, missing);
  resolve_symbol(handle, "av_buffersink_get_frame", api.buffersink_get_frame, missing);
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
