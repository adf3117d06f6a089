#pragma once
// Deciding whether a decoded frame is mostly black.

#include "engine/av_handles.hpp"
#include "engine/engine.hpp"

namespace tg::engine {

/// Share (0..100) of pixels whose luma, on a full 0..255 scale, is below `pixel_threshold`.
double black_pixel_percent(const AVFrame* frame, int pixel_threshold);

/// True when `filter` is on and more than max_black_percent of the frame's pixels are black.
bool is_black_frame(const AVFrame* frame, const BlackFilter& filter);

}  // namespace tg::engine
