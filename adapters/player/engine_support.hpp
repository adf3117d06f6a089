#pragma once
// What of a player request the engine makes today, in one place: the image formats it encodes, the fit
// modes, rotations and flips it applies, and whether it animates. A request for anything else is answered
// 501 naming the parameter. When the engine gains a feature, its line here opens it up.

#include <optional>
#include <string_view>

#include "adapters/player/player_error.hpp"
#include "adapters/player/player_request.hpp"
#include "engine/engine.hpp"

namespace tg::adapters::player {

/// The engine's encoder for `format`, nullopt when the engine does not encode it yet.
std::optional<engine::ImageFormat> engine_image_format(Format format);

/// The 501 error naming the parameter the engine cannot serve yet in `request` (after thumbnail.auto was
/// resolved), nullopt when the engine makes all of it.
std::optional<PlayerError> engine_gap(const PlayerRequest& request);

/// thumbnail.auto: the format pick_auto_format takes from `accept` when the engine encodes it, else JPEG
/// (which every client takes).
Format served_auto_format(std::string_view accept);

/// The engine's image options for a thumbnail in `format` (one the engine encodes).
engine::ImageOptions thumbnail_options(const ThumbnailParams& params, engine::ImageFormat format);

/// The player error for an engine failure: its client-safe message, never its detail (paths, URLs).
PlayerError player_error_for_engine(const engine::Error& error);

}  // namespace tg::adapters::player
