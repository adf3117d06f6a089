#include "gateway/request_target.hpp"

namespace tg::gateway {

void split_target(std::string_view target, std::string& raw_path, std::string& raw_query) {
  std::string_view rest = target;
  auto scheme = rest.find("://");
  if (scheme != std::string_view::npos && scheme < rest.find('/')) {
    // absolute-form (a client using the gateway as its HTTP proxy): drop scheme and authority
    rest = rest.substr(scheme + 3);
    auto slash = rest.find_first_of("/?");
    rest = slash == std::string_view::npos ? std::string_view("/") : rest.substr(slash);
  }
  auto q = rest.find('?');
  raw_path = std::string(rest.substr(0, q));
  raw_query = q == std::string_view::npos ? std::string() : std::string(rest.substr(q + 1));
  if (raw_path.empty() || raw_path.front() != '/') raw_path.insert(raw_path.begin(), '/');
}

}  // namespace tg::gateway
