#include "adapters/player/player_params.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "adapters/common/numbers.hpp"

namespace tg::adapters::player {
namespace {

using Error = tg::Unexpected<PlayerError>;

Error bad(std::string_view name, std::string why) { return tg::unexpected(invalid_parameter(name, std::move(why))); }

tg::Result<int64_t, PlayerError> seconds_ms(std::string_view name, std::string_view text) {
  auto ms = adapters::parse_decimal_milli(text, kMaxTimeSeconds);
  if (!ms) {
    return bad(name, std::string(name) + " must be a number of seconds from 0 to " + std::to_string(kMaxTimeSeconds) +
                         ", with at most 3 decimals");
  }
  return *ms;
}

tg::Result<int, PlayerError> int_in(std::string_view name, std::string_view text, int lo, int hi) {
  auto v = adapters::parse_uint32(text);
  if (!v || *v < static_cast<uint32_t>(lo) || *v > static_cast<uint32_t>(hi)) {
    return bad(name, std::string(name) + " must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
  }
  return static_cast<int>(*v);
}

tg::Result<bool, PlayerError> boolean(std::string_view name, std::string_view text) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return bad(name, std::string(name) + " must be true, false, 1 or 0");
}

tg::Result<Ok, PlayerError> read_thumbnail(const std::string& name, const std::string& value, ThumbnailParams& p) {
  if (name == "time") {
    TG_TRY_ASSIGN(p.time_ms, seconds_ms(name, value));
  } else if (name == "width") {
    TG_TRY_ASSIGN(p.width, int_in(name, value, 1, kMaxThumbnailSide));
  } else if (name == "height") {
    TG_TRY_ASSIGN(p.height, int_in(name, value, 1, kMaxThumbnailSide));
  } else if (name == "fit_mode") {
    if (value == "preserve") p.fit_mode = FitMode::kPreserve;
    else if (value == "stretch") p.fit_mode = FitMode::kStretch;
    else if (value == "crop") p.fit_mode = FitMode::kCrop;
    else if (value == "pad") p.fit_mode = FitMode::kPad;
    else return bad(name, "fit_mode must be preserve, stretch, crop or pad");
  } else if (name == "rotate") {
    if (value == "90") p.rotate = 90;
    else if (value == "180") p.rotate = 180;
    else if (value == "270") p.rotate = 270;
    else return bad(name, "rotate must be 90, 180 or 270");
  } else if (name == "flip_v") {
    TG_TRY_ASSIGN(p.flip_v, boolean(name, value));
  } else if (name == "flip_h") {
    TG_TRY_ASSIGN(p.flip_h, boolean(name, value));
  } else if (name == "mode") {
    if (value == "exact") p.mode = SeekMode::kExact;
    else if (value == "keyframe") p.mode = SeekMode::kKeyframe;
    else return bad(name, "mode must be exact or keyframe");
  } else if (name == "quality") {
    TG_TRY_ASSIGN(p.quality, int_in(name, value, 1, 100));
  }
  return Ok{};
}

tg::Result<Ok, PlayerError> read_animated(const std::string& name, const std::string& value, AnimatedParams& p) {
  if (name == "start") {
    TG_TRY_ASSIGN(p.start_ms, seconds_ms(name, value));
  } else if (name == "end") {
    TG_TRY_ASSIGN(p.end_ms, seconds_ms(name, value));
  } else if (name == "width") {
    TG_TRY_ASSIGN(p.width, int_in(name, value, 1, kMaxAnimatedSide));
  } else if (name == "height") {
    TG_TRY_ASSIGN(p.height, int_in(name, value, 1, kMaxAnimatedSide));
  } else if (name == "fps") {
    TG_TRY_ASSIGN(p.fps, int_in(name, value, 1, kMaxAnimatedFps));
  }
  return Ok{};
}

tg::Result<Ok, PlayerError> read_storyboard(const std::string& name, const std::string& value, StoryboardParams& p) {
  if (name == "tiles") {
    TG_TRY_ASSIGN(p.tiles, int_in(name, value, 1, kMaxStoryboardTiles));
  } else if (name == "columns") {
    TG_TRY_ASSIGN(p.columns, int_in(name, value, 1, kMaxStoryboardColumns));
  } else if (name == "width") {
    TG_TRY_ASSIGN(p.tile_width, int_in(name, value, kMinStoryboardTileWidth, kMaxStoryboardTileWidth));
  } else if (name == "format") {
    if (value == "jpg") p.sheet_format = Format::kJpeg;
    else if (value == "png") p.sheet_format = Format::kPng;
    else if (value == "webp") p.sheet_format = Format::kWebp;
    else if (value == "avif") p.sheet_format = Format::kAvif;
    else return bad(name, "format must be jpg, png, webp or avif");
  }
  return Ok{};
}

tg::Result<Ok, PlayerError> check_thumbnail(const ThumbnailParams& p, Format format, const ParamList& params) {
  const bool both_sides = p.width > 0 && p.height > 0;
  if (p.fit_mode != FitMode::kPreserve && !both_sides) {
    return bad("fit_mode", "fit_mode other than preserve needs both width and height");
  }
  const bool quality_given =
      std::any_of(params.begin(), params.end(), [](const auto& kv) { return kv.first == "quality"; });
  if (quality_given && format == Format::kPng) return bad("quality", "quality does not apply to png, a lossless format");
  return Ok{};
}

tg::Result<Ok, PlayerError> check_animated(const AnimatedParams& p) {
  if (p.end_ms) {
    if (*p.end_ms <= p.start_ms) return bad("end", "end must be after start");
    if (*p.end_ms - p.start_ms > kMaxAnimatedSpanMs) {
      return bad("end", "end must be at most " + std::to_string(kMaxAnimatedSpanMs / 1000) + " seconds after start");
    }
  }
  return Ok{};
}

}  // namespace

std::vector<std::string_view> parameter_names(Kind kind) {
  switch (kind) {
    case Kind::kThumbnail:
      return {"time", "width", "height", "fit_mode", "rotate", "flip_v", "flip_h", "mode", "quality"};
    case Kind::kAnimated:
      return {"start", "end", "width", "height", "fps"};
    case Kind::kStoryboard:
      // A sheet takes `format` too, when it is its own extension: the sheet URL of signed metadata carries
      // the metadata's token, whose claims may set it.
      return {"tiles", "columns", "width", "format"};
  }
  return {};
}

tg::Result<PlayerRequest, PlayerError> parse_player_params(PlayerPath path, const ParamList& params) {
  PlayerRequest request;
  request.media_id = std::move(path.media_id);
  request.kind = path.kind;
  request.format = path.format;
  const auto names = parameter_names(path.kind);
  std::set<std::string_view> seen;
  for (const auto& [name, value] : params) {
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      return bad(name, "unknown parameter for " + std::string(kind_name(path.kind)) + "." +
                           std::string(format_extension(path.format)));
    }
    if (!seen.insert(name).second) return bad(name, name + " is given more than once");
  }
  switch (path.kind) {
    case Kind::kThumbnail: {
      ThumbnailParams p;
      for (const auto& [name, value] : params) TG_TRY(read_thumbnail(name, value, p));
      TG_TRY(check_thumbnail(p, path.format, params));
      request.params = p;
      break;
    }
    case Kind::kAnimated: {
      AnimatedParams p;
      for (const auto& [name, value] : params) TG_TRY(read_animated(name, value, p));
      TG_TRY(check_animated(p));
      request.params = p;
      break;
    }
    case Kind::kStoryboard: {
      StoryboardParams p;
      // The sheet format of a storyboard image is its own extension.
      if (path.format != Format::kVtt && path.format != Format::kJson && path.format != Format::kM3u8) {
        p.sheet_format = path.format;
      }
      const Format extension = p.sheet_format;
      for (const auto& [name, value] : params) TG_TRY(read_storyboard(name, value, p));
      const bool sheet = path.format != Format::kVtt && path.format != Format::kJson && path.format != Format::kM3u8;
      if (sheet && p.sheet_format != extension) return bad("format", "format of a storyboard image is its extension");
      request.params = p;
      break;
    }
  }
  return request;
}

}  // namespace tg::adapters::player
