#pragma once
// A player URL's request target to its typed request, in an order that uses nothing of the request before
// the token is checked: the path (which media, which kind: what the token must be for), the query split
// into pairs under the parameter limits, the token (required when the media's policy is "signed"; checked
// whenever given), and only then the parameters, where the token's parameter claims join the query's.
// A query parameter that a claim also sets must have the claim's exact text: a different value is refused
// (403, naming the parameter), never silently replaced, so a signed URL serves only what was signed.

#include <cstdint>
#include <optional>
#include <string_view>

#include "adapters/common/param_limits.hpp"
#include "adapters/player/player_error.hpp"
#include "adapters/player/player_request.hpp"
#include "adapters/player/player_settings.hpp"
#include "core/result.hpp"

namespace tg::adapters::player {

struct PlayerTarget {
  std::string_view target;                // path and query, e.g. "/v/m/thumbnail.jpg?time=2&token=…"
  int64_t now_s = 0;                      // Unix seconds, for exp and nbf
  std::optional<double> duration_s;       // the media's, once probed: its checks and defaults apply
};

/// The typed, checked request, or the error to answer (status and JSON body from player_error.hpp).
tg::Result<PlayerRequest, PlayerError> read_player_request(const PlayerTarget& target, const PlayerSettings& settings,
                                                           const ParamLimits& limits = {});

}  // namespace tg::adapters::player
