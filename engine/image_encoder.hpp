#pragma once
// Encoding frames to JPEG (TurboJPEG) and PNG (libavcodec's png encoder); WebP and AVIF in their own files.

#include <cstdint>
#include <vector>

#include "engine/av_handles.hpp"
#include "engine/engine.hpp"

namespace tg::engine {

/// JPEG of a YUVJ420P (from its planes) or RGB24 frame at `quality` 1..100.
EngineResult<std::vector<uint8_t>> encode_jpeg(const AVFrame* frame, int quality);

/// PNG of an RGB24 frame.
EngineResult<std::vector<uint8_t>> encode_png(const AVFrame* frame);

/// The pixel format a frame must have before encoding to `format` (RGB24 for all but JPEG).
inline AVPixelFormat encoder_input_format(ImageFormat format) {
  return format == ImageFormat::kJpeg ? AV_PIX_FMT_YUVJ420P : AV_PIX_FMT_RGB24;
}

/// The encoder for `format` (PNG ignores `quality`), as an Image of the frame's size (times left at 0).
EngineResult<Image> encode_image(const AVFrame* frame, ImageFormat format, int quality);

}  // namespace tg::engine
