#pragma once
// Text from requests goes back to clients inside JSON and XML answers, which must be valid UTF-8.

#include <cstddef>
#include <string>
#include <string_view>

namespace tg {

/// `text` with every byte sequence that is not well-formed UTF-8 (RFC 3629: no overlong forms, surrogates
/// or code points above U+10FFFF) replaced by U+FFFD; valid text is returned unchanged.
std::string valid_utf8(std::string_view text);

/// True when `text` is well-formed UTF-8 (as valid_utf8 checks it) without a NUL byte: text that every task
/// database stores exactly as given (PostgreSQL refuses the others).
bool is_storable_text(std::string_view text);

/// The start of `text` as valid UTF-8 (valid_utf8) of at most max_bytes bytes, cut before a character that
/// would not fit whole.
std::string utf8_prefix(std::string_view text, std::size_t max_bytes);

}  // namespace tg
