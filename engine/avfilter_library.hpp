#pragma once
// libavfilter, loaded at run time: only GIF palettes (palettegen, paletteuse) use it, and it brings some
// thirty shared libraries of its own (speech synthesis voices, Vulkan, LAPACK, ...) that every thumbgate
// process would otherwise map and relocate at start, about 0.1 s each time. The player loads it when it
// starts serving; `thumbgate animated` on its first GIF.

#include <cstdint>  // before FFmpeg's headers, which in C++ need UINT64_C defined
#include <string>

extern "C" {
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
}

#include "core/result.hpp"

namespace tg::engine {

/// The libavfilter entry points the GIF sink uses.
struct AvfilterLibrary {
  decltype(&avfilter_graph_alloc) graph_alloc = nullptr;
  decltype(&avfilter_graph_free) graph_free = nullptr;
  decltype(&avfilter_get_by_name) get_by_name = nullptr;
  decltype(&avfilter_graph_create_filter) graph_create_filter = nullptr;
  decltype(&avfilter_link) link = nullptr;
  decltype(&avfilter_graph_config) graph_config = nullptr;
  decltype(&av_buffersrc_add_frame) buffersrc_add_frame = nullptr;
  decltype(&av_buffersrc_add_frame_flags) buffersrc_add_frame_flags = nullptr;
  decltype(&av_buffersink_get_frame) buffersink_get_frame = nullptr;
};

/// The libavfilter these headers belong to (its soname), loaded once for the life of the process with its
/// entry points resolved; the loader's message when it cannot be loaded. Later calls give the first answer.
tg::Result<const AvfilterLibrary*, std::string> avfilter_library();

}  // namespace tg::engine
