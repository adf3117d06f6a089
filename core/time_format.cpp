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

}  // namespace tg
