#pragma once
// Wall-clock times (ms since the Unix epoch) written out as UTC text, in the shapes the logs and the
// vendors' answers use.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tg {

/// The UTC time of `unix_ms`, to the second, formatted with a strftime `pattern`; "" when it is out of range.
std::string format_utc(int64_t unix_ms, const char* pattern);

/// ISO 8601 UTC with milliseconds, e.g. "2023-11-14T22:13:20.123Z"; "" when out of range.
std::string iso8601_utc_ms(int64_t unix_ms);

/// Seconds since the Unix epoch of a UTC time written exactly in `shape`, where y, M, d, H, m and s stand
/// for one digit of the year (4), month, day, hour, minute and second (2 each) and any other character for
/// itself, e.g. "yyyy-MM-ddTHH:mm:ssZ" or "yyyyMMddHHmmss". A real calendar date, years 1970..9999;
/// nullopt for any other text.
std::optional<int64_t> parse_utc_seconds(std::string_view text, std::string_view shape);

/// parse_utc_seconds(text, "yyyy-MM-ddTHH:mm:ssZ"): ISO 8601 UTC to the second.
std::optional<int64_t> parse_iso8601_utc_seconds(std::string_view text);

}  // namespace tg
