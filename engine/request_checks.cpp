#include "engine/request_checks.hpp"

#include <string>

#include "engine/engine_error.hpp"
#include "engine/pixel_limits.hpp"

namespace tg::engine {

EngineResult<Ok> check_image_options(const ImageOptions& o) {
  if (o.width < 0 || o.height < 0 || o.max_length < 0) {
    return fail(Errc::kInvalidArgument, "image sizes must not be negative");
  }
  if (o.width > kMaxDimension || o.height > kMaxDimension || o.max_length > kMaxDimension) {
    return fail(Errc::kInvalidArgument, "image size above " + std::to_string(kMaxDimension));
  }
  if (!image_size_ok(o.width, o.height)) {
    return fail(Errc::kInvalidArgument, "image of " + std::to_string(o.width) + "x" + std::to_string(o.height) +
                                            " is above " + std::to_string(kMaxImagePixels) + " pixels");
  }
  if (o.format != ImageFormat::kPng && (o.quality < 1 || o.quality > 100)) {
    return fail(Errc::kInvalidArgument, o.format == ImageFormat::kJpeg   ? "JPEG quality must be 1..100"
                                        : o.format == ImageFormat::kWebp ? "WebP quality must be 1..100"
                                                                         : "AVIF quality must be 1..100");
  }
  if (o.turn_degrees != 0 && o.turn_degrees != 90 && o.turn_degrees != 180 && o.turn_degrees != 270) {
    return fail(Errc::kInvalidArgument, "rotation must be 0, 90, 180 or 270 degrees");
  }
  if (o.background > 0xFFFFFF) return fail(Errc::kInvalidArgument, "background must be 0xRRGGBB");
  return Ok{};
}

EngineResult<Ok> check_black_filter(const BlackFilter& f) {
  if (!f.enabled()) return Ok{};
  if (f.pixel_threshold > 255) return fail(Errc::kInvalidArgument, "black pixel threshold must be 0..255");
  if (f.max_black_percent < 0 || f.max_black_percent > 100) {
    return fail(Errc::kInvalidArgument, "black percent must be 0..100");
  }
  if (f.max_skipped_frames < 0) return fail(Errc::kInvalidArgument, "max skipped frames must be >= 0");
  return Ok{};
}

}  // namespace tg::engine
