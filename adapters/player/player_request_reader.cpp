#include "adapters/player/player_request_reader.hpp"

#include <algorithm>

#include "adapters/common/query_string.hpp"
#include "adapters/player/duration_checks.hpp"
#include "adapters/player/player_params.hpp"
#include "adapters/player/player_path.hpp"
#include "adapters/player/player_token.hpp"

namespace tg::adapters::player {

tg::Result<PlayerRequest, PlayerError> read_player_request(const PlayerTarget& in, const PlayerSettings& settings,
                                                           const ParamLimits& limits) {
  const auto question = in.target.find('?');
  const std::string_view path = in.target.substr(0, question);
  const std::string_view raw_query = question == std::string_view::npos ? std::string_view{} : in.target.substr(question + 1);
  TG_TRY_ASSIGN(PlayerPath where, parse_player_path(path));

  if (count_query_pairs(raw_query) > limits.max_params) {
    return tg::unexpected(invalid_parameter("query", too_many_params_message(count_query_pairs(raw_query), limits)));
  }
  auto pairs = adapters::parse_query(raw_query);
  if (!pairs) return tg::unexpected(invalid_parameter("query", "the query has a malformed percent-escape"));
  if (auto bad = param_limit_error(*pairs, limits)) return tg::unexpected(invalid_parameter("query", *bad));

  ParamList params;
  std::optional<std::string> token;
  for (auto& [name, value] : *pairs) {
    if (name != "token") {
      params.emplace_back(std::move(name), std::move(value));
    } else if (token) {
      return tg::unexpected(invalid_token("token", "token is given more than once"));
    } else {
      token = std::move(value);
    }
  }
  if (!token && settings.policy_for(where.media_id) == PlaybackPolicy::kSigned) {
    return tg::unexpected(invalid_token("token", "this media is served only on signed URLs: token is missing"));
  }
  if (token) {
    TG_TRY_ASSIGN(ParamList granted, check_player_token(*token, where, settings, in.now_s));
    for (auto& claim : granted) {
      const std::string& name = claim.first;
      auto same = std::find_if(params.begin(), params.end(), [&](const auto& kv) { return kv.first == name; });
      if (same == params.end()) {
        params.emplace_back(std::move(claim.first), std::move(claim.second));
      } else if (same->second != claim.second) {
        return tg::unexpected(invalid_token(name, name + " contradicts the signed token's " + name + " claim"));
      }
    }
  }

  TG_TRY_ASSIGN(PlayerRequest request, parse_player_params(std::move(where), params));
  if (in.duration_s) return apply_duration(std::move(request), *in.duration_s);
  return request;
}

}  // namespace tg::adapters::player
