#pragma once
// The path of a player URL: /v/{media}/thumbnail.{jpg|png|webp|avif|auto}, /v/{media}/animated.{gif|webp},
// /v/{media}/storyboard.{jpg|png|webp|avif|vtt|json|m3u8}, where {media} is one segment or several
// (a path under media_root). Segments are percent-decoded once, each on its own, then checked.

#include <string>
#include <string_view>

#include "adapters/player/player_error.hpp"
#include "adapters/player/player_request.hpp"
#include "core/result.hpp"

namespace tg::adapters::player {

struct PlayerPath {
  std::string media_id;
  Kind kind = Kind::kThumbnail;
  Format format = Format::kJpeg;
};

/// True when `path` (without the query) is in the player's space, /v/….
bool is_player_path(std::string_view path);

/// The media, kind and format of `path` (without the query). A bad media id is invalid_parameter "media";
/// an unknown extension of a known kind is invalid_parameter "extension"; any other shape is not_found "path".
tg::Result<PlayerPath, PlayerError> parse_player_path(std::string_view path);

}  // namespace tg::adapters::player
