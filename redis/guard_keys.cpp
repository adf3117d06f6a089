#include "redis/guard_keys.hpp"

namespace tg::redis {

std::string rate_limit_key(std::string_view prefix, std::string_view key) {
  std::string out = "thumbgate:rl:";
  out += prefix;
  out += key;
  return out;
}

std::string nonce_key(std::string_view prefix, std::string_view scope) {
  std::string out = "thumbgate:nonce:";
  out += prefix;
  out += std::to_string(scope.size());
  out += ':';
  out += scope;
  return out;
}

}  // namespace tg::redis
