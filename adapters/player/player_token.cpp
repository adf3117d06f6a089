#include "adapters/player/player_token.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cmath>

#include "adapters/player/player_params.hpp"

namespace tg::adapters::player {
namespace {

using Error = tg::Unexpected<PlayerError>;
Error refuse(std::string_view parameter, std::string why) { return tg::unexpected(invalid_token(parameter, std::move(why))); }

bool is_registered(std::string_view name) {
  return name == "sub" || name == "aud" || name == "exp" || name == "nbf" || name == "iat" || name == "iss" ||
         name == "jti" || name == "kid";
}

// A NumericDate claim (RFC 7519: seconds, possibly fractional) as whole seconds; nullopt unless a finite number.
std::optional<double> numeric_date(const rapidjson::Value& v) {
  if (!v.IsNumber()) return std::nullopt;
  const double d = v.GetDouble();
  if (!std::isfinite(d)) return std::nullopt;
  return d;
}

// The query text of a parameter claim: strings as they are, numbers as JSON writes them, booleans as words.
std::optional<std::string> claim_text(const rapidjson::Value& v) {
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsBool()) return std::string(v.GetBool() ? "true" : "false");
  if (v.IsNumber()) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    v.Accept(writer);
    return std::string(buffer.GetString(), buffer.GetSize());
  }
  return std::nullopt;
}

}  // namespace

tg::Result<ParamList, PlayerError> check_player_token(std::string_view token, const PlayerPath& path,
                                                      const PlayerSettings& settings, int64_t now_s) {
  auto verified = verify_jwt(token, settings.keys, settings.max_token_bytes);
  if (!verified) return refuse("token", verified.error());
  const rapidjson::Document& claims = verified->claims;
  auto claim = [&](const char* name) -> const rapidjson::Value* {
    auto it = claims.FindMember(name);
    return it == claims.MemberEnd() ? nullptr : &it->value;
  };

  const rapidjson::Value* exp = claim("exp");
  if (!exp) return refuse("token", "the token has no exp claim; signed URLs must expire");
  auto exp_s = numeric_date(*exp);
  if (!exp_s) return refuse("token", "the token's exp claim must be a number of seconds");
  if (static_cast<double>(now_s) >= *exp_s) return refuse("token", "the token has expired");
  if (const rapidjson::Value* nbf = claim("nbf")) {
    auto nbf_s = numeric_date(*nbf);
    if (!nbf_s) return refuse("token", "the token's nbf claim must be a number of seconds");
    if (static_cast<double>(now_s) < *nbf_s) return refuse("token", "the token is not valid yet (nbf)");
  }
  if (const rapidjson::Value* iat = claim("iat"); iat && !numeric_date(*iat)) {
    return refuse("token", "the token's iat claim must be a number of seconds");
  }
  if (const rapidjson::Value* kid = claim("kid");
      kid && (!kid->IsString() || std::string_view(kid->GetString(), kid->GetStringLength()) != verified->kid)) {
    return refuse("token", "the token's kid claim is not the key that signed it");
  }
  const rapidjson::Value* sub = claim("sub");
  if (!sub || !sub->IsString() || std::string_view(sub->GetString(), sub->GetStringLength()) != path.media_id) {
    return refuse("token", "the token's sub claim is not this media");
  }
  const rapidjson::Value* aud = claim("aud");
  const std::string_view want = audience_of(path.kind);
  if (!aud || !aud->IsString() || std::string_view(aud->GetString(), aud->GetStringLength()) != want) {
    return refuse("token", "the token's aud claim must be \"" + std::string(want) + "\" for " +
                               std::string(kind_name(path.kind)));
  }

  ParamList params;
  const auto names = parameter_names(path.kind);
  for (auto it = claims.MemberBegin(); it != claims.MemberEnd(); ++it) {
    const std::string name(it->name.GetString(), it->name.GetStringLength());
    if (is_registered(name)) continue;
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      return refuse(name, "the token's claim " + name + " is not a parameter of " + std::string(kind_name(path.kind)) +
                              "." + std::string(format_extension(path.format)));
    }
    auto text = claim_text(it->value);
    if (!text) return refuse(name, "the token's claim " + name + " must be a string, a number or a boolean");
    params.emplace_back(name, std::move(*text));
  }
  return params;
}

}  // namespace tg::adapters::player
