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
  }
  if (!s.redis.empty()) {
    if (has_control_chars(s.redis) || s.redis.find(' ') != std::string::npos) {
      return field_error("redis", "must be a redis:// URL");
    }
    if (starts_with(s.redis, "rediss://")) {
      return field_error("redis", "TLS (rediss://) is not supported: use redis:// on a trusted network");
    }
    if (!starts_with(s.redis, "redis://") || !has_host(s.redis)) return field_error("redis", "must be a redis:// URL");
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
  const auto authority_end = rest.find('/');
  std::string authority = rest.substr(0, authority_end);
  const std::string path = authority_end == std::string::npos ? "" : rest.substr(authority_end);
  if (const auto at = authority.rfind('@'); at != std::string::npos) {
    std::string user = authority.substr(0, at);
    user = user.substr(0, user.find(':'));
    authority = (user.empty() ? "" : user + "@") + authority.substr(at + 1);
  }
  return scheme + authority + path;
}

}  // namespace tg::gateway
