#pragma once
// The query parameters of a player URL, typed and checked: each known to the URL's kind, given once, spelled
// exactly, within its bounds. The first bad one is reported by name. Checks that need the media's
// duration are in duration_checks.hpp.

#include <string_view>
#include <vector>

#include "adapters/common/param_limits.hpp"
#include "adapters/player/player_error.hpp"
#include "adapters/player/player_path.hpp"
#include "adapters/player/player_request.hpp"
#include "core/result.hpp"

namespace tg::adapters::player {

/// The query parameter names a URL of `kind` accepts (the token aside).
std::vector<std::string_view> parameter_names(Kind kind);

/// The typed request for `path` with `params` (decoded, in order, without the token).
tg::Result<PlayerRequest, PlayerError> parse_player_params(PlayerPath path, const ParamList& params);

}  // namespace tg::adapters::player
