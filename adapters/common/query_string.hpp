#pragma once
// Lenient query-string and path decoding: accepts what real clients send (literal `[]`, `+` for space)
// and rejects malformed percent-escapes.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tg::adapters {

/// Decodes %XX escapes (and '+' as space when `plus_as_space`); nullopt on a malformed escape.
std::optional<std::string> percent_decode(std::string_view text, bool plus_as_space);

/// Splits "a=1&b[]=2&b%5B%5D=3" into decoded pairs, in order; nullopt on a malformed escape.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_query(std::string_view raw);

}  // namespace tg::adapters
