#pragma once
// Where the pictures of an animated preview go, one encoder per output format (GIF, animated WebP).

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/av_handles.hpp"
#include "engine/engine.hpp"

namespace tg::engine {

class AnimationSink {
 public:
  virtual ~AnimationSink() = default;
  /// The pixel format add() takes (YUVJ420P or RGB24).
  virtual AVPixelFormat pixel_format() const = 0;
  /// The next picture, shown from `start_ms` (after the loop's start; increasing) on.
  virtual EngineResult<Ok> add(FramePtr picture, int64_t start_ms) = 0;
  /// The file, the last picture shown until `end_ms`; it loops forever.
  virtual EngineResult<std::vector<uint8_t>> finish(int64_t end_ms) = 0;
};

/// A GIF whose one palette is computed from all its pictures (libavfilter's palettegen, then paletteuse
/// with error diffusion), so the pictures are kept until finish(), at 1.5 bytes a pixel.
std::unique_ptr<AnimationSink> make_gif_sink(int width, int height);

/// An animated WebP (libwebp's animation encoder, lossy at `quality`), encoded as pictures arrive.
EngineResult<std::unique_ptr<AnimationSink>> make_webp_animation_sink(int width, int height, int quality);

}  // namespace tg::engine
