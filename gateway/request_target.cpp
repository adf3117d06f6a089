#include "gateway/request_target.hpp"

#include <utility>

#include "adapters/common/query_string.hpp"

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

void decode_target(ApiRequest& request) {
  split_target(request.target, request.raw_path, request.raw_query);
  if (auto path = adapters::percent_decode(request.raw_path, false)) {
    request.path = std::move(*path);
  } else {
    request.path = request.raw_path;
    request.decode_error = "malformed percent-escape in the path";
  }
  if (auto query = adapters::parse_query(request.raw_query)) {
    request.query = std::move(*query);
  } else {
    request.decode_error = "malformed percent-escape in the query string";
  }
}

}  // namespace tg::gateway
