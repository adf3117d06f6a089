#include "support/huawei_client.hpp"

#include <chrono>
#include <ctime>

#include "signing/huawei_signature.hpp"
#include "signing/percent_encoding.hpp"

namespace tg::testing {

HttpResult huawei_call(const std::string& base_url, const HuaweiCredentials& credentials, const HuaweiCall& call) {
  const std::string host = base_url.substr(base_url.find("://") + 3);
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  const std::time_t when = static_cast<std::time_t>(call.date_s != 0 ? call.date_s : now);
  std::tm tm{};
  gmtime_r(&when, &tm);
  char date[32];
  std::strftime(date, sizeof date, "%Y%m%dT%H%M%SZ", &tm);
  const std::string path = call.path.empty() ? "/v1/" + credentials.project_id + "/thumbnails" : call.path;

  signing::HuaweiSignedRequest request{.method = call.method, .path = path, .query = call.query, .headers = {},
                                       .body = call.body};
  std::vector<std::string> signed_headers;
  if (!call.body.empty()) {
    request.headers.emplace_back("content-type", "application/json;charset=UTF-8");
    signed_headers.push_back("content-type");
  }
  request.headers.emplace_back("host", host);
  if (call.sign_host) signed_headers.push_back("host");
  request.headers.emplace_back("x-sdk-date", date);
  signed_headers.push_back("x-sdk-date");
  const std::string& secret = call.signing_secret.empty() ? credentials.secret_key : call.signing_secret;
  std::string list;
  for (const std::string& name : signed_headers) list += (list.empty() ? "" : ";") + name;
  const std::string signature = signing::huawei_sign(request, signed_headers, date, secret);

  std::string url = base_url + path;
  for (std::size_t i = 0; i < call.query.size(); ++i) {
    url += (i == 0 ? "?" : "&") + signing::percent_encode(call.query[i].first) + "=" +
           signing::percent_encode(call.query[i].second);
  }
  std::vector<std::string> headers{"X-Sdk-Date: " + std::string(date),
                                   "Authorization: SDK-HMAC-SHA256 Access=" + credentials.access_key +
                                       ", SignedHeaders=" + list + ", Signature=" + signature};
  if (!call.body.empty()) headers.push_back("Content-Type: application/json;charset=UTF-8");
  return http_request(call.method, url, call.body, headers);
}

}  // namespace tg::testing
