#pragma once
// The media id of a player URL (/v/{media}/…): an object of a configured COS bucket ("cos:<bucket>/<key>"),
// an entry of the media table, or an object under media_root named by its path ("trailers/2026/launch.mp4"),
// so segments that could walk a folder are refused.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tg::adapters::player {

inline constexpr std::size_t kMaxMediaIdBytes = 1024;
inline constexpr std::size_t kMaxMediaSegmentBytes = 200;

/// Why `id` (already percent-decoded) is not a media id, or nullopt when it is: at most 1024 bytes of
/// segments joined by single '/', each 1..200 bytes of ASCII letters, digits and "-_.~:@+=,", not starting
/// with '.'. So empty segments, '\', '%', NUL, control bytes, "." and ".." are all refused, whatever
/// encoding brought them.
std::optional<std::string> media_id_error(std::string_view id);

/// The prefix of a media id naming an object of a configured COS bucket: "cos:<bucket>/<key>".
inline constexpr std::string_view kBucketMediaPrefix = "cos:";

struct BucketMediaId {
  std::string bucket;  // "examplebucket-1250000000"
  std::string key;     // the object key, "" when the id names the bucket alone
};

/// The bucket and key of a media id that starts with "cos:", nullopt for any other id.
std::optional<BucketMediaId> bucket_media_id(std::string_view id);

/// The same for a key of the config's media policies, which may also be a folder: a media id followed by
/// '/' (every media id under it).
std::optional<std::string> media_policy_key_error(std::string_view key);

}  // namespace tg::adapters::player
