#include "core/redaction.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace tg {
namespace {

// Characters that end a URL embedded in running text.
bool ends_url(char c) {
  return std::isspace(static_cast<unsigned char>(c)) || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`';
}

// Position of the next "http://" or "https://" (any case) at or after `from`, or npos.
std::size_t find_url(std::string_view text, std::size_t from) {
  for (std::size_t i = from; i + 7 <= text.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != 'h') continue;
    std::string_view rest = text.substr(i);
    auto lower_starts = [&](std::string_view prefix) {
      if (rest.size() < prefix.size()) return false;
      for (std::size_t k = 0; k < prefix.size(); ++k) {
        if (std::tolower(static_cast<unsigned char>(rest[k])) != prefix[k]) return false;
      }
      return true;
    };
    if (lower_starts("http://") || lower_starts("https://")) return i;
  }
  return std::string_view::npos;
}

}  // namespace

std::string redact_url(std::string_view url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  const std::size_t authority_start = scheme_end + 3;
  std::size_t authority_end = url.find_first_of("/?#", authority_start);
  if (authority_end == std::string_view::npos) authority_end = url.size();
  std::string out(url.substr(0, authority_start));
  std::string_view authority = url.substr(authority_start, authority_end - authority_start);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    out += "***@";
    authority = authority.substr(at + 1);
  }
  out += authority;
  std::string_view rest = url.substr(authority_end);
  const std::size_t query = rest.find('?');
  if (query == std::string_view::npos) {
    out += rest;
    return out;
  }
  out += rest.substr(0, query + 1);
  std::string_view params = rest.substr(query + 1);
  const std::size_t fragment = params.find('#');
  if (fragment != std::string_view::npos) params = params.substr(0, fragment);
  std::size_t pos = 0;
  bool first = true;
  while (pos <= params.size()) {
    std::size_t amp = params.find('&', pos);
    if (amp == std::string_view::npos) amp = params.size();
    std::string_view part = params.substr(pos, amp - pos);
    if (!first) out.push_back('&');
    first = false;
    const std::size_t eq = part.find('=');
    out += part.substr(0, eq);
    if (eq != std::string_view::npos) out += "=***";
    pos = amp + 1;
  }
  return out;
}

std::string redact_urls_in(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    const std::size_t start = find_url(text, pos);
    if (start == std::string_view::npos) {
      out += text.substr(pos);
      return out;
    }
    out += text.substr(pos, start - pos);
    std::size_t end = start;
    while (end < text.size() && !ends_url(text[end])) ++end;
    // Punctuation right after a URL in a sentence ("…/x.mp4: refused") is not part of it.
    while (end > start && std::string_view(".,:;)]").find(text[end - 1]) != std::string_view::npos) --end;
    out += redact_url(text.substr(start, end - start));
    pos = end;
  }
}

bool is_credential_name(std::string_view name) {
  // Lowercase letters and digits only: "X-Amz-Signature" -> "xamzsignature".
  std::string key;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) key.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  if (key.size() < 2) return false;
  static constexpr std::array<std::string_view, 5> kAboutOne{"id", "method", "version", "nonce", "algorithm"};
  for (std::string_view suffix : kAboutOne) {
    if (key.ends_with(suffix)) return false;
  }
  static constexpr std::array<std::string_view, 10> kParts{"signature", "secret",     "token",      "password",
                                                           "passwd",    "authorization", "credential", "privatekey",
                                                           "apikey",    "cookie"};
  for (std::string_view part : kParts) {
    if (key.find(part) != std::string::npos) return true;
  }
  static constexpr std::array<std::string_view, 6> kWhole{"sign", "sig", "key", "sk", "auth", "sessionkey"};
  return std::find(kWhole.begin(), kWhole.end(), key) != kWhole.end();
}

}  // namespace tg
