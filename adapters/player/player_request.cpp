#include "adapters/player/player_request.hpp"

namespace tg::adapters::player {

std::string_view audience_of(Kind kind) {
  switch (kind) {
    case Kind::kThumbnail: return "t";
    case Kind::kAnimated: return "g";
    case Kind::kStoryboard: return "s";
  }
  return "";
}

std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::kThumbnail: return "thumbnail";
    case Kind::kAnimated: return "animated";
    case Kind::kStoryboard: return "storyboard";
  }
  return "";
}

std::string_view format_extension(Format format) {
  switch (format) {
    case Format::kJpeg: return "jpg";
    case Format::kPng: return "png";
    case Format::kWebp: return "webp";
    case Format::kAvif: return "avif";
    case Format::kAuto: return "auto";
    case Format::kGif: return "gif";
    case Format::kVtt: return "vtt";
    case Format::kJson: return "json";
    case Format::kM3u8: return "m3u8";
  }
  return "";
}

std::string_view content_type(Format format) {
  switch (format) {
    case Format::kJpeg: return "image/jpeg";
    case Format::kPng: return "image/png";
    case Format::kWebp: return "image/webp";
    case Format::kAvif: return "image/avif";
    case Format::kAuto: return "";
    case Format::kGif: return "image/gif";
    case Format::kVtt: return "text/vtt";
    case Format::kJson: return "application/json";
    case Format::kM3u8: return "application/vnd.apple.mpegurl";
  }
  return "";
}

}  // namespace tg::adapters::player
