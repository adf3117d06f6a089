#include "core/time_format.hpp"

#include <cstdio>
#include <ctime>

namespace tg {
namespace {

// Splits into whole seconds and the milliseconds after them (0..999), also before 1970.
bool utc_parts(int64_t unix_ms, std::tm& utc, int& millis) {
  int64_t seconds = unix_ms / 1000;
  millis = static_cast<int>(unix_ms % 1000);
  if (millis < 0) {
    millis += 1000;
    seconds -= 1;
  }
  const std::time_t t = static_cast<std::time_t>(seconds);
  return gmtime_r(&t, &utc) != nullptr;
}

}  // namespace

std::string format_utc(int64_t unix_ms, const char* pattern) {
  std::tm utc{};
  int millis = 0;
  if (!utc_parts(unix_ms, utc, millis)) return "";
  char text[64];
  const std::size_t n = std::strftime(text, sizeof text, pattern, &utc);
  return std::string(text, n);
}

std::string iso8601_utc_ms(int64_t unix_ms) {
  std::tm utc{};
  int millis = 0;
  if (!utc_parts(unix_ms, utc, millis)) return "";
  char text[64];
  const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  char fraction[8];
  std::snprintf(fraction, sizeof fraction, ".%03dZ", millis);
  return std::string(text, n) + fraction;
}

std::optional<int64_t> parse_utc_seconds(std::string_view text, std::string_view shape) {
  if (text.size() != shape.size()) return std::nullopt;
  // Each field's digits, read in the order the shape gives them.
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  int year_digits = 0, month_digits = 0, day_digits = 0, hour_digits = 0, minute_digits = 0, second_digits = 0;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    auto take = [&](int& field, int& digits) {
      field = field * 10 + (text[i] - '0');
      ++digits;
    };
    switch (shape[i]) {
      case 'y': if (!digit) return std::nullopt; take(year, year_digits); break;
      case 'M': if (!digit) return std::nullopt; take(month, month_digits); break;
      case 'd': if (!digit) return std::nullopt; take(day, day_digits); break;
      case 'H': if (!digit) return std::nullopt; take(hour, hour_digits); break;
      case 'm': if (!digit) return std::nullopt; take(minute, minute_digits); break;
      case 's': if (!digit) return std::nullopt; take(second, second_digits); break;
      default: if (text[i] != shape[i]) return std::nullopt;
    }
  }
  if (year_digits != 4 || month_digits != 2 || day_digits != 2 || hour_digits != 2 || minute_digits != 2 ||
      second_digits != 2) {
    return std::nullopt;  // a shape without every field
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  if (tm.tm_year < 70 || tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 59) {
    return std::nullopt;
  }
  std::tm normalized = tm;
  const std::time_t seconds = timegm(&normalized);
  // timegm rolls an impossible date (February 30) over; a real date comes back unchanged.
  if (normalized.tm_mday != tm.tm_mday || normalized.tm_mon != tm.tm_mon) return std::nullopt;
  return static_cast<int64_t>(seconds);
}

std::optional<int64_t> parse_iso8601_utc_seconds(std::string_view text) {
  return parse_utc_seconds(text, "yyyy-MM-ddTHH:mm:ssZ");
}

}  // namespace tg
