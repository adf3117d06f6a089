#pragma once
// The request target as the HTTP edge splits it into path and query (before any decoding).

#include <string>
#include <string_view>

namespace tg::gateway {

/// Splits an origin-form or absolute-form target into its raw path (always starting with '/') and raw query.
void split_target(std::string_view target, std::string& raw_path, std::string& raw_query);

}  // namespace tg::gateway
