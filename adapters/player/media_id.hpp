#pragma once
// The media id of a player URL (/v/{media}/…): one path segment naming an entry of the media table or a
// configured bucket's object, so never anything that could walk a folder.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tg::adapters::player {

inline constexpr std::size_t kMaxMediaIdBytes = 200;

/// Why `id` (already percent-decoded) is not a media id, or nullopt when it is: 1..200 bytes of ASCII letters,
/// digits and "-_.~:@+=,", not starting with '.'. So '/', '\', '%', NUL, control bytes, "." and ".." are
/// all refused, whatever encoding brought them.
std::optional<std::string> media_id_error(std::string_view id);

}  // namespace tg::adapters::player
