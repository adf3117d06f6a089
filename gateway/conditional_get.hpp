#pragma once
// Conditional GET (RFC 9110 13.1.2): a GET or HEAD whose If-None-Match names the ETag of the 200 answer
// it would get is answered 304 Not Modified, without a body, with the answer's validators and caching
// headers. Any front door that sets an ETag gets this.

#include <optional>
#include <string>
#include <string_view>

#include "core/api_message.hpp"

namespace tg::gateway {

/// True when the If-None-Match value `if_none_match` matches `etag`: "*", or a listed entity-tag equal to it
/// by the weak comparison (a W/ prefix on either side ignored).
bool if_none_match_matches(std::string_view if_none_match, std::string_view etag);

/// `response` turned into 304 when `method` is GET or HEAD, it is a 200 with an ETag and `if_none_match`
/// matches it; otherwise `response` as it is.
ApiResponse answer_conditionally(std::string_view method, const std::optional<std::string>& if_none_match,
                                 ApiResponse response);

}  // namespace tg::gateway
