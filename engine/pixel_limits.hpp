#pragma once
// How large a picture the engine handles. A few kilobytes of compressed video can declare frames of
// hundreds of megapixels (a decompression bomb): sources above these limits are refused before any frame
// is decoded, and so are requests for images above them.

#include <cstdint>

namespace tg::engine {

/// Largest side, for sources and for images.
inline constexpr int kMaxDimension = 16384;

/// Largest source picture: 8192 x 4352, the most that H.264, HEVC and AV1 allow at their highest level
/// (6.2), so no real video is refused. A decoded frame of it is 53 MB in 8-bit 4:2:0.
inline constexpr int64_t kMaxSourcePixels = int64_t{8192} * 4352;

/// Largest image a request may ask for (snapshots, sprite pages): 8192 x 8192, the most the vendors' own
/// size parameters allow (COS takes up to 8192 per side).
inline constexpr int64_t kMaxImagePixels = int64_t{8192} * 8192;

/// True when a source picture of width x height is within kMaxDimension and kMaxSourcePixels.
constexpr bool source_size_ok(int64_t width, int64_t height) {
  return width >= 0 && height >= 0 && width <= kMaxDimension && height <= kMaxDimension &&
         width * height <= kMaxSourcePixels;
}

/// True when an image of width x height is within kMaxDimension and kMaxImagePixels.
constexpr bool image_size_ok(int64_t width, int64_t height) {
  return width >= 0 && height >= 0 && width <= kMaxDimension && height <= kMaxDimension &&
         width * height <= kMaxImagePixels;
}

}  // namespace tg::engine
