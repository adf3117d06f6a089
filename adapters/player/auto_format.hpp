#pragma once
// thumbnail.auto: the image format picked from the request's Accept header, as image CDNs do.

#include <string_view>

#include "adapters/player/player_request.hpp"

namespace tg::adapters::player {

/// kAvif when `accept` names image/avif, else kWebp when it names image/webp, else kJpeg. Only explicit
/// types count (a wildcard says nothing about a decoder), and a type with q=0 is refused by the client.
Format pick_auto_format(std::string_view accept);

}  // namespace tg::adapters::player
