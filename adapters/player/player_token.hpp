#pragma once
// The token of a signed player URL (?token=<JWT>, as Mux signs them): verified (jwt_verifier.hpp), then its
// claims checked for this URL: `sub` the media id, `aud` the kind ("t" thumbnail, "g" animated, "s"
// storyboard), `exp` required and in the future, `nbf` (when given) in the past, `kid` (when given in the
// claims too) the verifying key's. Every other claim is a parameter of the URL (e.g. "time": 12.5), which the
// query may repeat with the same text but not contradict (player_request_reader.hpp).

#include <cstdint>
#include <string_view>

#include "adapters/common/param_limits.hpp"
#include "adapters/player/player_error.hpp"
#include "adapters/player/player_path.hpp"
#include "adapters/player/player_settings.hpp"
#include "core/result.hpp"

namespace tg::adapters::player {

/// The parameters the token's claims set, as query text ("time"="12.5", "flip_h"="true"), once `token` is
/// valid for `path` at `now_s` (Unix seconds); else a 403 invalid_token error naming "token" or the claim.
tg::Result<ParamList, PlayerError> check_player_token(std::string_view token, const PlayerPath& path,
                                                      const PlayerSettings& settings, int64_t now_s);

}  // namespace tg::adapters::player
