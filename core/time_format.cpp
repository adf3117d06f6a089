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

std::optional<int64_t> parse_iso8601_utc_seconds(std::string_view text) {
  // yyyy-MM-ddTHH:mm:ssZ: 20 characters, digits where the pattern has letters.
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
  if (text.size() != kShape.size()) return std::nullopt;
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) return std::nullopt;
  }
  auto number = [&](std::size_t at, std::size_t length) {
    int value = 0;
    for (std::size_t i = at; i < at + length; ++i) value = value * 10 + (text[i] - '0');
    return value;
  };
  std::tm tm{};
  tm.tm_year = number(0, 4) - 1900;
  tm.tm_mon = number(5, 2) - 1;
  tm.tm_mday = number(8, 2);
  tm.tm_hour = number(11, 2);
  tm.tm_min = number(14, 2);
  tm.tm_sec = number(17, 2);
  if (tm.tm_year < 70 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 59) {
    return std::nullopt;
  }
  std::tm normalized = tm;
  const std::time_t seconds = timegm(&normalized);
  // timegm rolls an impossible date (February 30) over; a real date comes back unchanged.
  if (normalized.tm_mday != tm.tm_mday || normalized.tm_mon != tm.tm_mon) return std::nullopt;
  return static_cast<int64_t>(seconds);
}

}  // namespace tg
