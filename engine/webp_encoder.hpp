#pragma once
// Still WebP pictures with libwebp (lossy, VP8).

#include <cstdint>
#include <vector>

#include "engine/av_handles.hpp"
#include "engine/engine.hpp"

namespace tg::engine {

/// Lossy WebP of an RGB24 frame; `quality` 1..100 is libwebp's own quality factor.
EngineResult<std::vector<uint8_t>> encode_webp(const AVFrame* frame, int quality);

}  // namespace tg::engine
