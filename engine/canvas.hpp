#pragma once
// Solid-colour canvases and pasting pictures onto them (padding, sprite pages).

#include <cstdint>

#include "engine/av_handles.hpp"

namespace tg::engine {

/// A width x height frame of `format` (YUVJ420P or RGB24) filled with the 0xRRGGBB `color`.
FramePtr make_canvas(int width, int height, AVPixelFormat format, uint32_t color);

/// Copies `src` (same format as `dst`) into `dst` at x,y, clipped to `dst`; YUVJ420P needs even x,y.
void paste(AVFrame* dst, const AVFrame* src, int x, int y);

/// A new width x height frame holding `src` (YUVJ420P or RGB24) from x,y on; YUVJ420P needs even x,y.
/// Null when the rectangle is not inside `src` or memory runs out.
FramePtr crop(const AVFrame* src, int x, int y, int width, int height);

}  // namespace tg::engine
