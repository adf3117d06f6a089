#include "adapters/player/auto_format.hpp"

#include <cctype>
#include <string>

namespace tg::adapters::player {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Whether the media range `part` ("type/subtype;q=…;…") names `type` with a quality above 0.
bool accepts(std::string_view part, std::string_view type) {
  const auto semi = part.find(';');
  if (lower(trim(part.substr(0, semi))) != type) return false;
  if (semi == std::string_view::npos) return true;
  std::string_view params = part.substr(semi + 1);
  while (!params.empty()) {
    const auto next = params.find(';');
    const std::string param = lower(trim(params.substr(0, next)));
    if (param.rfind("q=", 0) == 0) {
      // q is 0 exactly when every digit is 0: "0", "0.", "0.000" (RFC 9110 qvalue).
      const std::string value = param.substr(2);
      return value.find_first_not_of("0.") != std::string::npos;
    }
    if (next == std::string_view::npos) break;
    params.remove_prefix(next + 1);
  }
  return true;
}

bool accepts_type(std::string_view accept, std::string_view type) {
  while (true) {
    const auto comma = accept.find(',');
    if (accepts(accept.substr(0, comma), type)) return true;
    if (comma == std::string_view::npos) return false;
    accept.remove_prefix(comma + 1);
  }
}

}  // namespace

Format pick_auto_format(std::string_view accept) {
  if (accepts_type(accept, "image/avif")) return Format::kAvif;
  if (accepts_type(accept, "image/webp")) return Format::kWebp;
  return Format::kJpeg;
}

}  // namespace tg::adapters::player
