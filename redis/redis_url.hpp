#pragma once
// Where a Redis is and how to sign in: redis://[user[:password]@]host[:port][/db].

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace tg::redis {

struct RedisUrl {
  std::string host;      // a name or an address; an IPv6 address without its brackets
  int port = 6379;
  std::string user;      // empty: AUTH with the password alone (the "default" user)
  std::string password;  // empty: no AUTH
  int db = 0;            // SELECTed after connecting when not 0
};

/// Parses `url` strictly: scheme redis:// (no TLS), user and password percent-decoded, port 1-65535, db a
/// decimal number up to 1,000,000, nothing after the db. The error names the problem and never carries the
/// password.
tg::Result<RedisUrl, std::string> parse_redis_url(std::string_view url);

}  // namespace tg::redis
