#pragma once
// A small blocking HTTP client (libcurl) for driving the real server in tests.

#include <string>
#include <utility>
#include <vector>

namespace tg::testing {

struct HttpResult {
  long status = 0;      // 0 = transport error
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased
  std::string error;    // curl's message on transport error

  std::string header(const std::string& lowercase_name) const;
};

/// GET `url` (raw, sent as is). Extra headers as "Name: value".
HttpResult http_get(const std::string& url, const std::vector<std::string>& headers = {});
/// POST `body` to `url`.
HttpResult http_post(const std::string& url, const std::string& body, const std::string& content_type,
                     const std::vector<std::string>& headers = {});
/// `method` (e.g. "DELETE") on `url`, with `body` when not empty; only the given headers are added.
HttpResult http_request(const std::string& method, const std::string& url, const std::string& body,
                        const std::vector<std::string>& headers = {});

}  // namespace tg::testing
