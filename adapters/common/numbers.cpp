#include "adapters/common/numbers.hpp"

#include <limits>

namespace tg::adapters {
namespace {

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// Digits to an unsigned value, refusing overflow past `limit`.
std::optional<uint64_t> digits_value(std::string_view text, uint64_t limit) {
  if (!all_digits(text)) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (limit - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

}  // namespace

std::optional<uint32_t> parse_uint32(std::string_view text) {
  auto value = digits_value(text, std::numeric_limits<uint32_t>::max());
  if (!value) return std::nullopt;
  return static_cast<uint32_t>(*value);
}

std::optional<int64_t> parse_int64(std::string_view text) {
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  const uint64_t limit = static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + (negative ? 1 : 0);
  auto value = digits_value(text, limit);
  if (!value) return std::nullopt;
  if (negative) return static_cast<int64_t>(0 - *value);
  return static_cast<int64_t>(*value);
}

std::optional<int64_t> parse_decimal_milli(std::string_view text, int64_t max_value) {
  std::string_view whole = text;
  std::string_view fraction;
  if (auto dot = text.find('.'); dot != std::string_view::npos) {
    whole = text.substr(0, dot);
    fraction = text.substr(dot + 1);
    if (fraction.empty() || fraction.size() > 3 || !all_digits(fraction)) return std::nullopt;
  }
  if (max_value < 0 || max_value > std::numeric_limits<int64_t>::max() / 1000) return std::nullopt;
  auto whole_value = digits_value(whole, static_cast<uint64_t>(max_value));
  if (!whole_value) return std::nullopt;
  int64_t milli = static_cast<int64_t>(*whole_value) * 1000;
  int64_t scale = 100;
  for (char c : fraction) {
    milli += (c - '0') * scale;
    scale /= 10;
  }
  if (milli > max_value * 1000) return std::nullopt;
  return milli;
}

}  // namespace tg::adapters
