#pragma once
// Calls to the MPC front door signed as the huaweicloud SDKs sign them (AK/SK, SDK-HMAC-SHA256), with
// knobs for the attacks the tests try.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "support/http_client.hpp"

namespace tg::testing {

struct HuaweiCredentials {
  std::string access_key;
  std::string secret_key;
  std::string project_id;
};

struct HuaweiCall {
  std::string method = "GET";
  std::string path;  // e.g. "/v1/<project>/thumbnails"; empty = that path for the credentials' project
  std::vector<std::pair<std::string, std::string>> query;
  std::string body;             // sent with Content-Type application/json;charset=UTF-8 (signed) when not empty
  int64_t date_s = 0;           // X-Sdk-Date; 0 = now
  bool sign_host = true;        // false: host left out of SignedHeaders
  std::string signing_secret;   // signs with this SK instead of the credentials' one
};

/// Sends `call` to the server at `base_url` ("http://127.0.0.1:port").
HttpResult huawei_call(const std::string& base_url, const HuaweiCredentials& credentials, const HuaweiCall& call);

}  // namespace tg::testing
