#pragma once
// Strict number parsing for query values: plain decimal digits only, so "1e999", "nan", "-1", "",
// " 1", "0x10" and "12abc" are all refused.

#include <cstdint>
#include <optional>
#include <string_view>

namespace tg::adapters {

/// Decimal digits that fit a Uint32.
std::optional<uint32_t> parse_uint32(std::string_view text);
/// Decimal digits, optionally preceded by '-', that fit an Int64.
std::optional<int64_t> parse_int64(std::string_view text);
/// "digits" or "digits.digits" (at most 3 fraction digits, i.e. millisecond precision) not above
/// `max_value`; the result is in thousandths (milliseconds when the text is seconds).
std::optional<int64_t> parse_decimal_milli(std::string_view text, int64_t max_value);

}  // namespace tg::adapters
