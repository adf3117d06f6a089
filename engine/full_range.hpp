#pragma once
// Same-size conversion of 8-bit 4:2:0 pictures to the full-range YUVJ420P that JPEG stores.

#include "engine/av_handles.hpp"

namespace tg::engine {

/// `src` as a YUVJ420P frame of the same size: limited-range (MPEG) samples stretched to full range
/// (luma 16..235 and chroma 16..240 onto 0..255), full-range ones copied. The colour matrix is kept,
/// as a scaler would with the same matrix on both sides. Null when `src` is not 8-bit 4:2:0 or memory
/// runs out.
FramePtr to_full_range_420(const AVFrame* src);

}  // namespace tg::engine
