#include "tasks/name_pattern.hpp"

#include <optional>

namespace tg::tasks {
namespace {

// A number placeholder after its '{': "n" or "n+1", then optionally ":0W" (zero-padded to W = 1..9
// digits), then '}'. Fills `out` and returns the placeholder's length after the '{'; nullopt when `rest`
// is not one.
std::optional<size_t> number_placeholder(std::string_view rest, int64_t n, std::string& out) {
  size_t i = 0;
  if (rest.substr(i, 1) != "n") return std::nullopt;
  ++i;
  int64_t value = n;
  if (rest.substr(i, 2) == "+1") {
    value = n + 1;
    i += 2;
  }
  size_t width = 0;
  if (rest.substr(i, 2) == ":0") {
    i += 2;
    if (i >= rest.size() || rest[i] < '1' || rest[i] > '9') return std::nullopt;
    width = static_cast<size_t>(rest[i] - '0');
    ++i;
  }
  if (rest.substr(i, 1) != "}") return std::nullopt;
  std::string digits = std::to_string(value < 0 ? -value : value);
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  if (value < 0) digits.insert(0, 1, '-');
  out += digits;
  return i + 1;
}

}  // namespace

bool is_plain_file_name(std::string_view name) {
  if (name.empty() || name.size() > 255 || name == ".") return false;
  if (name.find("..") != std::string_view::npos) return false;
  for (char c : name) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '/' || c == '\\' || byte < 0x20 || byte == 0x7F) return false;
  }
  return true;
}

tg::Result<std::string, std::string> expand_name_pattern(std::string_view pattern, int64_t n, int64_t ms) {
  std::string name;
  size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] != '{') {
      name += pattern[i++];
      continue;
    }
    std::string_view rest = pattern.substr(i);
    if (rest.starts_with("{ms}")) {
      name += std::to_string(ms);
      i += 4;
    } else if (rest.starts_with("{s}")) {
      name += std::to_string(ms / 1000);
      i += 3;
    } else if (auto length = number_placeholder(rest.substr(1), n, name)) {
      i += 1 + *length;
    } else {
      return tg::unexpected("name pattern \"" + std::string(pattern) + "\": unknown placeholder at offset " +
                            std::to_string(i) + " (use {n}, {n+1}, {n:0W}, {n+1:0W}, {ms} or {s})");
    }
  }
  if (!is_plain_file_name(name)) {
    return tg::unexpected("name pattern \"" + std::string(pattern) + "\" gives \"" + name +
                          "\", which is not a plain file name");
  }
  return name;
}

}  // namespace tg::tasks
