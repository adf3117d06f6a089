#include "redis/redis_url.hpp"

#include <cctype>
#include <charconv>
#include <optional>

namespace tg::redis {
namespace {

constexpr std::string_view kScheme = "redis://";
constexpr int kMaxDb = 1'000'000;

std::optional<int> hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return std::nullopt;
}

// Percent-decodes `text`; nullopt on a malformed escape or a decoded NUL.
std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    const auto high = hex_value(text[i + 1]);
    const auto low = hex_value(text[i + 2]);
    if (!high || !low || (*high == 0 && *low == 0)) return std::nullopt;
    out += static_cast<char>(*high * 16 + *low);
    i += 2;
  }
  return out;
}

// A decimal number in [min, max] made of digits only.
std::optional<int> parse_bounded(std::string_view text, int min, int max) {
  if (text.empty() || text.size() > 7) return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) return std::nullopt;
  return value;
}

bool host_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
}

}  // namespace

tg::Result<RedisUrl, std::string> parse_redis_url(std::string_view url) {
  if (url.starts_with("rediss://")) return tg::unexpected(std::string("redis URL: rediss:// (TLS) is not supported"));
  if (!url.starts_with(kScheme)) return tg::unexpected(std::string("redis URL: the scheme must be redis://"));
  std::string_view rest = url.substr(kScheme.size());
  RedisUrl parsed;

  // The sign-in part ends at the last '@', so a password with an unescaped '@' or '/' still parses.
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    const auto colon = userinfo.find(':');
    if (colon == std::string_view::npos) {
      return tg::unexpected(std::string("redis URL: a user name needs a password (user:password@)"));
    }
    auto user = percent_decode(userinfo.substr(0, colon));
    if (!user) return tg::unexpected(std::string("redis URL: the user name has a malformed %-escape"));
    auto password = percent_decode(userinfo.substr(colon + 1));
    if (!password) return tg::unexpected(std::string("redis URL: the password has a malformed %-escape"));
    if (password->empty()) return tg::unexpected(std::string("redis URL: the password is empty"));
    parsed.user = std::move(*user);
    parsed.password = std::move(*password);
  }

  std::string_view db_text;
  bool has_db = false;
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    db_text = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
    has_db = !db_text.empty();
  }

  std::string_view port_text;
  bool has_port = false;
  if (rest.starts_with('[')) {
    const auto close = rest.find(']');
    if (close == std::string_view::npos) return tg::unexpected(std::string("redis URL: unclosed '[' in the host"));
    const std::string_view address = rest.substr(1, close - 1);
    if (address.empty()) return tg::unexpected(std::string("redis URL: the host is empty"));
    for (char c : address) {
      if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') {
        return tg::unexpected(std::string("redis URL: the host is not an IPv6 address"));
      }
    }
    parsed.host = std::string(address);
    const std::string_view after = rest.substr(close + 1);
    if (!after.empty()) {
      if (!after.starts_with(':')) return tg::unexpected(std::string("redis URL: unexpected text after the host"));
      port_text = after.substr(1);
      has_port = true;
    }
  } else {
    const auto colon = rest.find(':');
    const std::string_view host = rest.substr(0, colon);
    if (host.empty()) return tg::unexpected(std::string("redis URL: the host is empty"));
    for (char c : host) {
      if (!host_name_char(c)) return tg::unexpected(std::string("redis URL: the host has a character not allowed in a host name"));
    }
    parsed.host = std::string(host);
    if (colon != std::string_view::npos) {
      port_text = rest.substr(colon + 1);
      has_port = true;
    }
  }
  if (has_port) {
    const auto port = parse_bounded(port_text, 1, 65535);
    if (!port) return tg::unexpected(std::string("redis URL: the port must be a number from 1 to 65535"));
    parsed.port = *port;
  }
  if (has_db) {
    const auto db = parse_bounded(db_text, 0, kMaxDb);
    if (!db) {
      return tg::unexpected("redis URL: the database must be a number from 0 to " + std::to_string(kMaxDb) +
                            " and nothing may follow it");
    }
    parsed.db = *db;
  }
  return parsed;
}

}  // namespace tg::redis
