#pragma once
// The HTTP answers of the player URLs: content with the headers CDNs and browsers cache by (a strong ETag
// that is the content's hash, Cache-Control, Last-Modified from the media file, Vary: Accept for
// thumbnail.auto), and errors in the player's JSON shape that no cache keeps. If-None-Match and HEAD are
// the gateway's (gateway/conditional_get.hpp, the server).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/player/player_error.hpp"
#include "core/api_message.hpp"

namespace tg::adapters::player {

struct Freshness {
  int64_t max_age_s = 0;
  bool is_private = false;              // a signed URL's answer: for the client's own cache only
  std::optional<int64_t> modified_s;    // the media file's modification time (Unix seconds), when known
  bool vary_accept = false;             // thumbnail.auto: the format depends on the Accept header
};

/// `"<hex>"`: the first 32 hex digits of the SHA-256 of `body`, quoted (a strong validator).
std::string strong_etag(std::string_view body);

/// An IMF-fixdate (RFC 9110), e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
std::string http_date(int64_t unix_s);

/// 200 with `body` as `content_type` and the caching headers of `freshness`.
ApiResponse content_response(std::string body, std::string_view content_type, const Freshness& freshness);

/// The error's status and JSON body, Cache-Control: no-store.
ApiResponse error_response(const PlayerError& error);

}  // namespace tg::adapters::player
