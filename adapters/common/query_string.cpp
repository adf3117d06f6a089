#include "adapters/common/query_string.hpp"

#include <algorithm>

#include "signing/percent_encoding.hpp"

namespace tg::adapters {

std::optional<std::string> percent_decode(std::string_view text, bool plus_as_space) {
  if (!plus_as_space) return signing::percent_decode(text);
  // '+' means space only where it was sent literally; an encoded %2B stays '+'.
  std::string spaced(text);
  std::replace(spaced.begin(), spaced.end(), '+', ' ');
  return signing::percent_decode(spaced);
}

std::optional<std::vector<std::pair<std::string, std::string>>> parse_query(std::string_view raw) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t pos = 0;
  while (pos <= raw.size()) {
    std::size_t amp = raw.find('&', pos);
    if (amp == std::string_view::npos) amp = raw.size();
    std::string_view part = raw.substr(pos, amp - pos);
    if (!part.empty()) {
      std::size_t eq = part.find('=');
      std::string_view key = part.substr(0, eq);
      std::string_view value = eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1);
      auto k = percent_decode(key, true);
      auto v = percent_decode(value, true);
      if (!k || !v) return std::nullopt;
      out.emplace_back(std::move(*k), std::move(*v));
    }
    pos = amp + 1;
  }
  return out;
}

}  // namespace tg::adapters
