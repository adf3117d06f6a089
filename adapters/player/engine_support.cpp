#include "adapters/player/engine_support.hpp"

#include <string>

#include "adapters/player/auto_format.hpp"

namespace tg::adapters::player {
namespace {

std::string file_name(const PlayerRequest& request) {
  return std::string(kind_name(request.kind)) + "." + std::string(format_extension(request.format));
}

}  // namespace

std::optional<engine::ImageFormat> engine_image_format(Format format) {
  switch (format) {
    case Format::kJpeg: return engine::ImageFormat::kJpeg;
    case Format::kPng: return engine::ImageFormat::kPng;
    default: return std::nullopt;  // WebP, AVIF, GIF: not encoded by the engine yet
  }
}

std::optional<PlayerError> engine_gap(const PlayerRequest& request) {
  const std::string name = file_name(request);
  if (request.kind == Kind::kAnimated) {
    return not_implemented("extension", name + " is not made yet: animations are not supported");
  }
  if (const auto* t = request.thumbnail()) {
    if (!engine_image_format(request.format)) {
      return not_implemented("extension", name + " is not made yet; thumbnail.jpg and thumbnail.png are");
    }
    if (t->fit_mode == FitMode::kCrop) return not_implemented("fit_mode", "fit_mode=crop is not supported yet");
    if (t->fit_mode == FitMode::kPreserve && t->width > 0 && t->height > 0) {
      return not_implemented("fit_mode",
                             "fit_mode=preserve with both width and height is not supported yet; give one of "
                             "them, or fit_mode=stretch or pad");
    }
    if (t->rotate != 0) return not_implemented("rotate", "rotate is not supported yet");
    if (t->flip_v) return not_implemented("flip_v", "flip_v is not supported yet");
    if (t->flip_h) return not_implemented("flip_h", "flip_h is not supported yet");
  }
  if (const auto* s = request.storyboard()) {
    const bool sheet = request.format != Format::kVtt && request.format != Format::kJson && request.format != Format::kM3u8;
    if (!engine_image_format(s->sheet_format)) {
      if (sheet) return not_implemented("extension", name + " is not made yet; storyboard.jpg and storyboard.png are");
      return not_implemented("format", "format=" + std::string(format_extension(s->sheet_format)) +
                                           " sheets are not made yet; jpg and png are");
    }
  }
  return std::nullopt;
}

Format served_auto_format(std::string_view accept) {
  const Format picked = pick_auto_format(accept);
  return engine_image_format(picked) ? picked : Format::kJpeg;
}

engine::ImageOptions thumbnail_options(const ThumbnailParams& params, engine::ImageFormat format) {
  engine::ImageOptions options;
  options.width = params.width;
  options.height = params.height;
  // preserve with one side (the only preserve served today) keeps the aspect ratio as stretch with one side does
  options.fit = params.fit_mode == FitMode::kPad ? engine::Fit::kPad : engine::Fit::kStretch;
  options.format = format;
  options.quality = params.quality;
  options.rotate = engine::Rotate::kAuto;
  return options;
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
