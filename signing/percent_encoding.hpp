#pragma once
// RFC 3986 percent-encoding shared by the COS and Alibaba signatures.

#include <optional>
#include <string>
#include <string_view>

namespace tg::signing {

/// Encodes every byte except A-Za-z0-9 - _ . ~ as %XY (uppercase hex); space becomes %20.
std::string percent_encode(std::string_view text);

/// Decodes %XY escapes (either hex case); nullopt on a truncated or non-hex escape. '+' stays '+'.
std::optional<std::string> percent_decode(std::string_view text);

}  // namespace tg::signing
