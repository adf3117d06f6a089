#pragma once
// Pixel-format conversion and scaling of decoded frames with libswscale.

#include "engine/av_handles.hpp"

namespace tg::engine {

/// `src` scaled (bicubic) to width x height in `format`, honouring its colour matrix and range;
/// null when libswscale cannot convert it.
FramePtr scale_frame(const AVFrame* src, int width, int height, AVPixelFormat format);

}  // namespace tg::engine
