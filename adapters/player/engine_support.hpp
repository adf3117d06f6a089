#pragma once
// A player request in the engine's terms, in one place: the still format an extension names, a thumbnail's
// size, fit, turn and flips, an animation's span, size and rate, and an engine failure as a player error.

#include <optional>

#include "adapters/player/player_error.hpp"
#include "adapters/player/player_request.hpp"
#include "engine/engine.hpp"

namespace tg::adapters::player {

/// The engine's still encoder for `format` (jpg, png, webp, avif); nullopt for the others.
std::optional<engine::ImageFormat> engine_image_format(Format format);

/// The engine's image options for a thumbnail in `format`.
engine::ImageOptions thumbnail_options(const ThumbnailParams& params, engine::ImageFormat format);

/// The engine's request for an animation in `format` (gif or webp) of `params` whose end is set
/// (apply_duration sets it).
engine::AnimatedRequest animated_request(const AnimatedParams& params, Format format);

/// The player error for an engine failure: its client-safe message, never its detail (paths, URLs).
PlayerError player_error_for_engine(const engine::Error& error);

}  // namespace tg::adapters::player
