#include "adapters/player/jwt_verifier.hpp"

#include <algorithm>
#include <set>

#include "signing/constant_time.hpp"
#include "signing/digest.hpp"

namespace tg::adapters::player {
namespace {

using Error = tg::Unexpected<std::string>;
Error refuse(std::string why) { return tg::unexpected(std::move(why)); }

// A decoded JSON object part of the token, whose member names appear once each: a duplicated "alg" or "aud"
// could be read one way here and another way by whoever made the token.
tg::Result<rapidjson::Document, std::string> json_object(std::string_view b64, const char* what) {
  auto bytes = signing::base64url_decode(b64);
  if (!bytes) return refuse(std::string("the token's ") + what + " is not base64url");
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseValidateEncodingFlag>(bytes->data(), bytes->size());
  if (doc.HasParseError() || !doc.IsObject()) return refuse(std::string("the token's ") + what + " is not a JSON object");
  std::set<std::string_view> names;
  for (auto it = doc.MemberBegin(); it != doc.MemberEnd(); ++it) {
    if (!names.insert(std::string_view(it->name.GetString(), it->name.GetStringLength())).second) {
      return refuse(std::string("the token's ") + what + " names a member twice");
    }
  }
  return doc;
}

const rapidjson::Value* member(const rapidjson::Value& object, const char* name) {
  auto it = object.FindMember(name);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

bool base64url_text(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

}  // namespace

std::string_view jwt_alg_name(JwtAlg alg) { return alg == JwtAlg::kHs256 ? "HS256" : "RS256"; }

tg::Result<VerifiedJwt, std::string> verify_jwt(std::string_view token, const std::vector<JwtKey>& keys,
                                                std::size_t max_token_bytes) {
  if (token.empty()) return refuse("the token is empty");
  if (token.size() > max_token_bytes) {
    return refuse("the token is longer than " + std::to_string(max_token_bytes) + " bytes");
  }
  const auto dot1 = token.find('.');
  const auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return refuse("the token must be header.payload.signature");
  }
  const std::string_view header_b64 = token.substr(0, dot1);
  const std::string_view payload_b64 = token.substr(dot1 + 1, dot2 - dot1 - 1);
  const std::string_view signature_b64 = token.substr(dot2 + 1);
  if (header_b64.empty() || payload_b64.empty() || !base64url_text(header_b64) ||
      !base64url_text(payload_b64) || !base64url_text(signature_b64)) {
    return refuse("the token must be header.payload.signature in base64url");
  }

  TG_TRY_ASSIGN(rapidjson::Document header, json_object(header_b64, "header"));
  const rapidjson::Value* alg = member(header, "alg");
  if (!alg || !alg->IsString()) return refuse("the token's header has no alg");
  const std::string_view alg_name(alg->GetString(), alg->GetStringLength());
  if (alg_name != "HS256" && alg_name != "RS256") {
    return refuse("the token's alg must be HS256 or RS256");  // "none" and every other algorithm
  }
  if (member(header, "crit")) return refuse("the token's header has crit extensions, none of which are supported");
  if (const rapidjson::Value* typ = member(header, "typ")) {
    if (!typ->IsString() || std::string_view(typ->GetString()) != "JWT") return refuse("the token's typ must be JWT");
  }

  const JwtKey* key = nullptr;
  if (const rapidjson::Value* kid = member(header, "kid")) {
    if (!kid->IsString()) return refuse("the token's kid must be a string");
    const std::string_view wanted(kid->GetString(), kid->GetStringLength());
    for (const JwtKey& k : keys) {
      if (k.kid == wanted) key = &k;
    }
    if (!key) return refuse("the token's kid names no configured key");
  } else if (keys.size() == 1) {
    key = &keys.front();
  } else {
    return refuse(keys.empty() ? "no signing key is configured" : "the token must name its key (kid)");
  }
  // The key decides the algorithm: an HS256 token checked against an RS256 key would otherwise use the
  // public key's text as an HMAC secret, which anyone can do.
  if (alg_name != jwt_alg_name(key->alg)) {
    return refuse("the token's alg " + std::string(alg_name) + " is not its key's " + std::string(jwt_alg_name(key->alg)));
  }

  auto signature = signing::base64url_decode(signature_b64);
  if (!signature || signature->empty()) return refuse("the token's signature is not base64url");
  const std::string_view signing_input = token.substr(0, dot2);
  bool valid = false;
  if (key->alg == JwtAlg::kHs256) {
    valid = !key->secret.empty() && signing::constant_time_equals(signing::hmac_sha256(key->secret, signing_input), *signature);
  } else {
    valid = key->public_key && key->public_key->verify_sha256(signing_input, *signature);
  }
  if (!valid) return refuse("the token's signature does not verify");

  TG_TRY_ASSIGN(rapidjson::Document claims, json_object(payload_b64, "payload"));
  return VerifiedJwt{key->kid, std::move(claims)};
}

}  // namespace tg::adapters::player
