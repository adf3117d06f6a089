#pragma once
// The checks and defaults of a player request that need the media's duration, applied once the caller
// has probed the media: a thumbnail's time (default: the middle) within the media, an animation's start
// within it and its end (default: start + 5 s) limited to it.

#include "adapters/player/player_error.hpp"
#include "adapters/player/player_request.hpp"
#include "core/result.hpp"

namespace tg::adapters::player {

inline constexpr int64_t kDefaultAnimatedSpanMs = 5000;

/// The media's duration in whole milliseconds; nullopt unless finite, above 0 and at most kMaxTimeSeconds.
std::optional<int64_t> duration_ms_of(double duration_s);

/// `request` with the duration's checks passed and its defaults filled in (ThumbnailParams::time_ms and
/// AnimatedParams::end_ms set). Storyboards are planned from the duration (storyboard_plan.hpp) and pass.
tg::Result<PlayerRequest, PlayerError> apply_duration(PlayerRequest request, double duration_s);

}  // namespace tg::adapters::player
