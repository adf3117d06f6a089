#include "adapters/player/engine_support.hpp"

#include <string>

#include "adapters/player/auto_format.hpp"

namespace tg::adapters::player {

std::optional<engine::ImageFormat> engine_image_format(Format format) {
  switch (format) {
    case Format::kJpeg: return engine::ImageFormat::kJpeg;
    case Format::kPng: return engine::ImageFormat::kPng;
    case Format::kWebp: return engine::ImageFormat::kWebp;
    case Format::kAvif: return engine::ImageFormat::kAvif;
    default: return std::nullopt;
  }
}

engine::ImageOptions thumbnail_options(const ThumbnailParams& params, engine::ImageFormat format) {
  engine::ImageOptions options;
  options.width = params.width;
  options.height = params.height;
  switch (params.fit_mode) {
    case FitMode::kPreserve: options.fit = engine::Fit::kPreserve; break;
    case FitMode::kStretch: options.fit = engine::Fit::kStretch; break;
    case FitMode::kCrop: options.fit = engine::Fit::kCrop; break;
    case FitMode::kPad: options.fit = engine::Fit::kPad; break;
  }
  options.format = format;
  options.quality = params.quality;
  options.rotate = engine::Rotate::kAuto;  // the stream's display matrix first, then the turn and the flips
  options.turn_degrees = params.rotate;
  options.flip_h = params.flip_h;
  options.flip_v = params.flip_v;
  return options;
}

engine::AnimatedRequest animated_request(const AnimatedParams& params, Format format) {
  engine::AnimatedRequest request;
  request.start_s = static_cast<double>(params.start_ms) / 1000.0;
  request.end_s = static_cast<double>(params.end_ms.value_or(params.start_ms)) / 1000.0;
  request.width = params.width;
  request.height = params.height;
  request.fps = params.fps;
  request.format = format == Format::kWebp ? engine::AnimatedFormat::kWebp : engine::AnimatedFormat::kGif;
  request.rotate = engine::Rotate::kAuto;
  return request;
}

PlayerError player_error_for_engine(const engine::Error& error) {
  using engine::Errc;
  switch (error.code) {
    case Errc::kInvalidArgument: return invalid_parameter("query", error.message);
    case Errc::kNotFound: return not_found("media", "no media has this id");
    case Errc::kForbidden: return not_found("media", "the media cannot be read: " + error.message);
    case Errc::kNotMedia:
    case Errc::kNoVideo:
    case Errc::kCorrupt:
    case Errc::kUnsupported:
    case Errc::kTooLarge: return invalid_parameter("media", "the media is not a video that can be read: " + error.message);
    case Errc::kUnavailable:
    case Errc::kNoSpace: return server_error(503, "the server is short of resources; retry later");
    case Errc::kTimeout:
    case Errc::kCancelled:
    case Errc::kEncode:
    case Errc::kIo:
    case Errc::kInternal: break;
  }
  return server_error(500, "the picture could not be made: " + error.message);
}

}  // namespace tg::adapters::player
