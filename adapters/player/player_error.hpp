#pragma once
// The one error shape of the player URLs: an HTTP status and
// {"error":{"type":"…","parameter":"…","message":"…"}}, naming the parameter (or path part, or token) at fault.

#include <string>
#include <string_view>

namespace tg::adapters::player {

struct PlayerError {
  int http_status = 400;
  std::string type;       // "invalid_parameter" (400), "not_found" (404), "invalid_token" (403),
                          // "method_not_allowed" (405), "server_error" (500, 503)
  std::string parameter;  // the query parameter, "media", "extension", "path" or "token"
  std::string message;    // why, for the client; never a server path or a secret
};

/// 400 invalid_parameter: `parameter` is wrong for the reason `message`.
PlayerError invalid_parameter(std::string_view parameter, std::string message);
/// 404 not_found: the path names no player resource.
PlayerError not_found(std::string_view parameter, std::string message);
/// 403 invalid_token: the request is not authorized by a valid token.
PlayerError invalid_token(std::string_view parameter, std::string message);

/// 405 method_not_allowed: the player URLs are read with GET or HEAD.
PlayerError method_not_allowed(std::string message);
/// `status` (500 or 503) server_error about the media: the work failed or the server is short of resources.
PlayerError server_error(int status, std::string message);

/// The JSON body of `error`.
std::string render_error_json(const PlayerError& error);

}  // namespace tg::adapters::player
