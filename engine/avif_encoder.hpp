#pragma once
// Still AVIF pictures with libavif (AV1 through the codec libavif was built with, libaom on Debian 12).

#include <cstdint>
#include <vector>

#include "engine/av_handles.hpp"
#include "engine/engine.hpp"

namespace tg::engine {

/// AV1 quantizer (0 best .. 63 worst) for a quality 1..100: libavif 1.x's own `quality` mapping.
int avif_quantizer_for_quality(int quality);

/// AVIF (8-bit 4:2:0, BT.601 limited range: FFmpeg 5.1 reads AVIF as limited range whatever it says)
/// of an RGB24 frame at `quality` 1..100.
EngineResult<std::vector<uint8_t>> encode_avif(const AVFrame* frame, int quality);

}  // namespace tg::engine
