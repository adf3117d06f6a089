#pragma once
// Reader of the config file's "player" section, naming the path of any bad field:
//   "player": {
//     "policy": "public" | "signed",                       (default "public")
//     "media": {"<media id>": "public" | "signed", …},     (per-media policy)
//     "keys": [{"kid": "k1", "alg": "HS256", "secret": "<at least 32 bytes>"},
//              {"kid": "k2", "alg": "RS256", "public_key": "-----BEGIN PUBLIC KEY-----…"}],
//     "max_token_bytes": 4096                              (256..65536)
//   }

#include <rapidjson/document.h>

#include <string>

#include "adapters/player/player_settings.hpp"
#include "core/result.hpp"

namespace tg::adapters::player {

inline constexpr std::size_t kMinHs256SecretBytes = 32;

/// Reads `value` (at `path`, normally "player") into `settings`; unset fields keep their defaults.
tg::Result<Ok, std::string> read_player_section(const rapidjson::Value& value, const std::string& path,
                                                PlayerSettings& settings);

}  // namespace tg::adapters::player
