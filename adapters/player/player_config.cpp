#include "adapters/player/player_config.hpp"

#include "adapters/common/config_fields.hpp"
#include "adapters/player/media_id.hpp"

namespace tg::adapters::player {
namespace {

using namespace config_fields;

tg::Result<PlaybackPolicy, std::string> read_policy(const Value& v, const std::string& path) {
  if (v.IsString() && std::string_view(v.GetString()) == "public") return PlaybackPolicy::kPublic;
  if (v.IsString() && std::string_view(v.GetString()) == "signed") return PlaybackPolicy::kSigned;
  return field_error(path, "must be \"public\" or \"signed\"");
}

tg::Result<Ok, std::string> read_key(const Value& v, const std::string& path, JwtKey& key) {
  if (!v.IsObject()) return field_error(path, "must be an object");
  TG_TRY(only_fields(v, path, {"kid", "alg", "secret", "public_key"}));
  for (const char* required : {"kid", "alg"}) {
    if (!member(v, required)) return field_error(child(path, required), "is required");
  }
  TG_TRY(read_string(v, path, "kid", key.kid));
  if (key.kid.size() > 128 || has_control_chars(key.kid)) {
    return field_error(child(path, "kid"), "must be at most 128 characters, without control characters");
  }
  std::string alg;
  TG_TRY(read_string(v, path, "alg", alg));
  if (alg == "HS256") {
    key.alg = JwtAlg::kHs256;
    if (member(v, "public_key")) return field_error(child(path, "public_key"), "is for RS256 keys; HS256 takes secret");
    if (!member(v, "secret")) return field_error(child(path, "secret"), "is required for HS256");
    TG_TRY(read_string(v, path, "secret", key.secret));
    if (key.secret.size() < kMinHs256SecretBytes) {
      return field_error(child(path, "secret"), "must be at least " + std::to_string(kMinHs256SecretBytes) + " bytes");
    }
  } else if (alg == "RS256") {
    key.alg = JwtAlg::kRs256;
    if (member(v, "secret")) return field_error(child(path, "secret"), "is for HS256 keys; RS256 takes public_key");
    if (!member(v, "public_key")) return field_error(child(path, "public_key"), "is required for RS256");
    std::string pem;
    TG_TRY(read_string(v, path, "public_key", pem));
    auto parsed = signing::RsaPublicKey::from_pem(pem);
    if (!parsed) return field_error(child(path, "public_key"), parsed.error());
    key.public_key = std::move(*parsed);
  } else {
    return field_error(child(path, "alg"), "must be \"HS256\" or \"RS256\"");
  }
  return Ok{};
}

}  // namespace

tg::Result<Ok, std::string> read_player_section(const Value& v, const std::string& path, PlayerSettings& settings) {
  if (!v.IsObject()) return field_error(path, "must be an object");
  TG_TRY(only_fields(v, path,
                     {"policy", "media", "keys", "max_token_bytes", "max_age_s", "signed_cache_control",
                      "engine_threads", "max_inflight", "result_cache_bytes", "hot_inputs", "deadline_ms",
                      "preview_rendition_bytes", "preview_rendition_max_s"}));
  settings.enabled = true;
  if (const Value* policy = member(v, "policy")) {
    TG_TRY_ASSIGN(settings.policy, read_policy(*policy, child(path, "policy")));
  }
  if (const Value* media = member(v, "media")) {
    const std::string mpath = child(path, "media");
    if (!media->IsObject()) return field_error(mpath, "must be an object of media id -> \"public\" or \"signed\"");
    TG_TRY(unique_keys(*media, mpath));
    for (auto it = media->MemberBegin(); it != media->MemberEnd(); ++it) {
      const std::string id(it->name.GetString(), it->name.GetStringLength());
      const std::string ipath = child(mpath, id);
      if (auto bad = media_policy_key_error(id)) return field_error(ipath, *bad);
      TG_TRY_ASSIGN(settings.media_policies[id], read_policy(it->value, ipath));
    }
  }
  if (const Value* keys = member(v, "keys")) {
    const std::string kpath = child(path, "keys");
    if (!keys->IsArray()) return field_error(kpath, "must be an array");
    for (rapidjson::SizeType i = 0; i < keys->Size(); ++i) {
      const std::string ipath = kpath + "[" + std::to_string(i) + "]";
      JwtKey key;
      TG_TRY(read_key((*keys)[i], ipath, key));
      for (const JwtKey& other : settings.keys) {
        if (other.kid == key.kid) return field_error(child(ipath, "kid"), "kid " + key.kid + " is configured twice");
      }
      settings.keys.push_back(std::move(key));
    }
  }
  TG_TRY(read_int(v, path, "max_token_bytes", settings.max_token_bytes, 256, 65536));
  TG_TRY(read_int(v, path, "max_age_s", settings.max_age_s, 0, 31536000));
  if (const Value* control = member(v, "signed_cache_control")) {
    const std::string cpath = child(path, "signed_cache_control");
    if (control->IsString() && std::string_view(control->GetString()) == "private") {
      settings.signed_public = false;
    } else if (control->IsString() && std::string_view(control->GetString()) == "public") {
      settings.signed_public = true;
    } else {
      return field_error(cpath, "must be \"private\" or \"public\"");
    }
  }
  TG_TRY(read_int(v, path, "engine_threads", settings.engine_threads, 1, 64));
  TG_TRY(read_int(v, path, "max_inflight", settings.max_inflight, 1, 100000));
  TG_TRY(read_int(v, path, "result_cache_bytes", settings.result_cache_bytes, int64_t{0}, int64_t{1} << 40));
  TG_TRY(read_int(v, path, "hot_inputs", settings.hot_inputs, 0, 1024));
  TG_TRY(read_int(v, path, "deadline_ms", settings.deadline_ms, int64_t{100}, int64_t{600000}));
  TG_TRY(read_int(v, path, "preview_rendition_bytes", settings.preview_rendition_bytes, int64_t{0}, int64_t{1} << 44));
  TG_TRY(read_int(v, path, "preview_rendition_max_s", settings.preview_rendition_max_s, 1, 86400));
  bool any_signed = settings.policy == PlaybackPolicy::kSigned;
  for (const auto& [id, policy] : settings.media_policies) any_signed = any_signed || policy == PlaybackPolicy::kSigned;
  if (any_signed && settings.keys.empty()) {
    return field_error(child(path, "keys"), "must list at least one key when any media is signed");
  }
  return Ok{};
}

}  // namespace tg::adapters::player
