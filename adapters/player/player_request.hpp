#pragma once
// What a player URL asks for, typed: which media, which kind of picture, which format, its parameters.
// Times are in milliseconds (the URLs take seconds with at most 3 decimals).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace tg::adapters::player {

/// The kinds of resource, with their JWT audience: "t" thumbnail, "g" animated, "s" storyboard.
enum class Kind { kThumbnail, kAnimated, kStoryboard };

/// The file extension of the URL. kAuto (thumbnail.auto) is replaced by a concrete image format picked
/// from the Accept header (pick_auto_format) before the request is served.
enum class Format { kJpeg, kPng, kWebp, kAvif, kAuto, kGif, kVtt, kJson, kM3u8 };

enum class FitMode { kPreserve, kStretch, kCrop, kPad };
enum class SeekMode { kExact, kKeyframe };

/// Bounds on the parameters.
inline constexpr int64_t kMaxTimeSeconds = 864000;   // ten days: beyond any media served
inline constexpr int kMaxThumbnailSide = 8192;
inline constexpr int kMaxAnimatedSide = 640;
inline constexpr int kMaxAnimatedFps = 30;
inline constexpr int64_t kMaxAnimatedSpanMs = 10000;
inline constexpr int kMaxStoryboardTiles = 400;
inline constexpr int kMaxStoryboardColumns = 100;
inline constexpr int kMinStoryboardTileWidth = 16;
inline constexpr int kMaxStoryboardTileWidth = 1024;

struct ThumbnailParams {
  std::optional<int64_t> time_ms;  // unset: the middle of the media
  int width = 0;                   // 0: from the source (the other side keeps the aspect ratio)
  int height = 0;
  FitMode fit_mode = FitMode::kPreserve;
  int rotate = 0;                  // 0, 90, 180 or 270, clockwise
  bool flip_v = false;
  bool flip_h = false;
  SeekMode mode = SeekMode::kExact;
  int quality = 85;                // 1..100, for the lossy formats
};

struct AnimatedParams {
  int64_t start_ms = 0;
  std::optional<int64_t> end_ms;   // unset: start + 5 s (limited to the media's end)
  int width = 0;                   // both 0: 320 wide
  int height = 0;
  int fps = 15;
};

struct StoryboardParams {
  std::optional<int> tiles;        // unset: 50 under 15 minutes of media, else 100
  std::optional<int> columns;      // unset: 10 (fewer when there are fewer tiles)
  std::optional<int> tile_width;   // the `width` parameter; unset: 256
  Format sheet_format = Format::kJpeg;  // the sheet the metadata points at (`format` of .vtt/.json/.m3u8)
};

struct PlayerRequest {
  std::string media_id;
  Kind kind = Kind::kThumbnail;
  Format format = Format::kJpeg;
  std::variant<ThumbnailParams, AnimatedParams, StoryboardParams> params;

  const ThumbnailParams* thumbnail() const { return std::get_if<ThumbnailParams>(&params); }
  const AnimatedParams* animated() const { return std::get_if<AnimatedParams>(&params); }
  const StoryboardParams* storyboard() const { return std::get_if<StoryboardParams>(&params); }
};

/// "t", "g" or "s".
std::string_view audience_of(Kind kind);
/// "thumbnail", "animated" or "storyboard": the file name before the extension.
std::string_view kind_name(Kind kind);
/// The extension: "jpg", "png", "webp", "avif", "auto", "gif", "vtt", "json", "m3u8".
std::string_view format_extension(Format format);
/// The Content-Type of a response in `format` (kAuto has none: "").
std::string_view content_type(Format format);

}  // namespace tg::adapters::player
