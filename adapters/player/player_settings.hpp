#pragma once
// The player URLs' settings (the config file's "player" section): which media need signed URLs and the keys
// that sign them.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "adapters/player/jwt_verifier.hpp"

namespace tg::adapters::player {

/// public: a URL without a token is served (a token, when given, must still be valid);
/// signed: only a URL with a valid token is served.
enum class PlaybackPolicy { kPublic, kSigned };

struct PlayerSettings {
  PlaybackPolicy policy = PlaybackPolicy::kPublic;         // every media not listed in media_policies
  std::map<std::string, PlaybackPolicy> media_policies;   // media id -> its own policy
  std::vector<JwtKey> keys;
  std::size_t max_token_bytes = kDefaultMaxTokenBytes;

  PlaybackPolicy policy_for(const std::string& media_id) const {
    auto it = media_policies.find(media_id);
    return it == media_policies.end() ? policy : it->second;
  }
};

}  // namespace tg::adapters::player
