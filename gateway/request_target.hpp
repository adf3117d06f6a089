#pragma once
// The request target as the HTTP edge splits it into path and query, and decodes them.

#include <string>
#include <string_view>

#include "core/api_message.hpp"

namespace tg::gateway {

/// Splits an origin-form or absolute-form target into its raw path (always starting with '/') and raw query.
void split_target(std::string_view target, std::string& raw_path, std::string& raw_query);

/// Fills the request's raw and percent-decoded path and query from its target; sets decode_error (and keeps
/// the raw path as the path) when an escape is malformed.
void decode_target(ApiRequest& request);

}  // namespace tg::gateway
