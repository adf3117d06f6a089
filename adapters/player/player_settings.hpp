#pragma once
// The player URLs' settings (the config file's "player" section): which media need signed URLs and the keys
// that sign them.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "adapters/player/jwt_verifier.hpp"
#include "adapters/player/media_id.hpp"

namespace tg::adapters::player {

/// public: a URL without a token is served (a token, when given, must still be valid);
/// signed: only a URL with a valid token is served.
enum class PlaybackPolicy { kPublic, kSigned };

/// A bucket of the config's "cos" section, as the player serves its objects ("cos:<name>/<key>").
struct PlayerBucket {
  std::string name;
  std::string root;          // folder (relative to media_root, or absolute) or http(s) origin
  bool private_acl = true;   // a private bucket's objects need a token unless a policy entry says public
};

struct PlayerSettings {
  PlaybackPolicy policy = PlaybackPolicy::kPublic;         // every media not listed in media_policies
  std::map<std::string, PlaybackPolicy> media_policies;   // media id, or folder "a/b/", -> its policy
  std::vector<JwtKey> keys;
  std::vector<PlayerBucket> buckets;                       // the "cos" section's, read by the player vendor
  std::size_t max_token_bytes = kDefaultMaxTokenBytes;

  // Serving (player_vendor.cpp): the /v/ URLs are served only when the config file has a "player" section.
  bool enabled = false;
  int64_t max_age_s = 86400;            // Cache-Control max-age of every successful answer
  bool signed_public = false;           // Cache-Control of signed URLs: private unless this is set
  int engine_threads = 2;               // threads that make thumbnails and sheets (never the HTTP threads)
  int max_inflight = 8;                 // requests queued or running on them; beyond: 503
  int64_t result_cache_bytes = 64 << 20;  // recent images kept in memory; 0 = none
  int hot_inputs = 16;                  // opened inputs kept for hot media; 0 = open every time
  int64_t deadline_ms = 30000;          // one request's engine time budget
  // Preview renditions (preview_renditions.hpp) in data_dir/renditions: all of them together; 0 = none.
  int64_t preview_rendition_bytes = int64_t{1} << 30;
  int preview_rendition_max_s = 3600;   // longer media get no rendition

  /// The media id's own entry, else the entry of the deepest folder holding it ("trailers/"), else signed
  /// for an object of a private bucket, else `policy`.
  PlaybackPolicy policy_for(const std::string& media_id) const {
    if (auto it = media_policies.find(media_id); it != media_policies.end()) return it->second;
    for (auto slash = media_id.rfind('/'); slash != std::string::npos && slash > 0;
         slash = media_id.rfind('/', slash - 1)) {
      if (auto it = media_policies.find(media_id.substr(0, slash + 1)); it != media_policies.end()) return it->second;
    }
    if (auto in_bucket = bucket_media_id(media_id)) {
      const PlayerBucket* bucket = bucket_named(in_bucket->bucket);
      if (bucket && bucket->private_acl) return PlaybackPolicy::kSigned;
    }
    return policy;
  }

  /// The configured bucket named `name`, or nullptr.
  const PlayerBucket* bucket_named(const std::string& name) const {
    for (const PlayerBucket& bucket : buckets) {
      if (bucket.name == name) return &bucket;
    }
    return nullptr;
  }
};

}  // namespace tg::adapters::player
