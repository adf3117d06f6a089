#include "gateway/shared_state_settings.hpp"

#include <string_view>

#include "adapters/common/config_fields.hpp"

namespace tg::gateway {
namespace {

using adapters::config_fields::field_error;
using adapters::config_fields::has_control_chars;
using adapters::config_fields::read_string;

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

bool has_scheme(std::string_view text) {
  const auto colon = text.find("://");
  if (colon == std::string_view::npos || colon == 0) return false;
  for (char c : text.substr(0, colon)) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
      return false;
    }
  }
  return true;
}

// scheme://[userinfo@]host…: the part after the scheme, up to the path, has a host.
bool has_host(std::string_view url) {
  std::string_view rest = url.substr(url.find("://") + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  return !rest.empty() && rest.front() != ':';
}

// Why the userinfo of scheme://user:password@host… cannot be read one way only, or "" when it can: an '@'
// or a '/' in a password must be percent-encoded (RFC 3986), or parsers disagree on where the host starts
// and a password could end up shown as a host or a path.
std::string ambiguous_userinfo(std::string_view url) {
  std::string_view rest = url.substr(url.find("://") + 3);
  rest = rest.substr(0, rest.find_first_of("?#"));
  const auto last_at = rest.rfind('@');
  if (last_at == std::string_view::npos) return "";
  if (rest.find('@') != last_at) return "write an '@' in the user name or password as %40";
  if (rest.substr(0, last_at).find('/') != std::string_view::npos) {
    return "write a '/' in the user name or password as %2F";
  }
  return "";
}

// True for a libpq key=value connection string ("host=… dbname=… password=…"), which is no file name.
bool looks_like_conninfo(std::string_view text) {
  for (std::string_view key : {"host=", "hostaddr=", "dbname=", "user=", "password=", "port=", "sslmode="}) {
    for (auto at = text.find(key); at != std::string_view::npos; at = text.find(key, at + 1)) {
      if (at == 0 || text[at - 1] == ' ') return true;
    }
  }
  return false;
}

}  // namespace

bool SharedStateSettings::database_is_postgres() const {
  return starts_with(database, "postgresql://") || starts_with(database, "postgres://");
}

tg::Result<SharedStateSettings, std::string> read_shared_state_settings(const rapidjson::Value& root) {
  SharedStateSettings s;
  TG_TRY(read_string(root, "", "database", s.database, true));
  TG_TRY(read_string(root, "", "redis", s.redis, true));
  TG_TRY(read_string(root, "", "redis_key_prefix", s.redis_key_prefix, true));
  TG_TRY(read_string(root, "", "outputs_dir", s.outputs_dir, true));
  if (has_control_chars(s.database)) return field_error("database", "must not contain control characters");
  if (has_scheme(s.database)) {
    if (!s.database_is_postgres()) {
      return field_error("database", "must be a file path (SQLite) or a postgresql:// URL");
    }
    if (!has_host(s.database)) return field_error("database", "a postgresql:// URL needs a host");
    if (auto why = ambiguous_userinfo(s.database); !why.empty()) return field_error("database", why);
  } else if (looks_like_conninfo(s.database)) {
    return field_error("database",
                       "looks like a PostgreSQL connection string (key=value): write it as a postgresql:// URL");
  }
  if (!s.redis.empty()) {
    if (has_control_chars(s.redis) || s.redis.find(' ') != std::string::npos) {
      return field_error("redis", "must be a redis:// URL");
    }
    if (starts_with(s.redis, "rediss://")) {
      return field_error("redis", "TLS (rediss://) is not supported: use redis:// on a trusted network");
    }
    if (!starts_with(s.redis, "redis://") || !has_host(s.redis)) return field_error("redis", "must be a redis:// URL");
    if (auto why = ambiguous_userinfo(s.redis); !why.empty()) return field_error("redis", why);
  }
  if (s.redis_key_prefix.size() > 64 || has_control_chars(s.redis_key_prefix) ||
      s.redis_key_prefix.find(' ') != std::string::npos) {
    return field_error("redis_key_prefix", "must be at most 64 characters without spaces");
  }
  if (has_control_chars(s.outputs_dir)) return field_error("outputs_dir", "must not contain control characters");
  if (s.database_is_postgres() && s.redis.empty()) {
    return field_error("redis",
                       "required with a PostgreSQL database: the processes sharing it must share their rate "
                       "limits and nonces too, or each would allow its own");
  }
  return s;
}

std::string url_without_secrets(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  const std::string scheme = url.substr(0, scheme_end + 3);
  std::string rest = url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find_first_of("?#"));
  // Everything up to the last '@' is user information, whatever it holds ('/' and '@' included), so that no
  // part of a password is ever shown as a host or a path; only the user name before its first ':' is kept.
  if (const auto at = rest.rfind('@'); at != std::string::npos) {
    std::string user = rest.substr(0, at);
    user = user.substr(0, user.find_first_of(":/"));
    rest = (user.empty() ? "" : user + "@") + rest.substr(at + 1);
  }
  return scheme + rest;
}

}  // namespace tg::gateway
