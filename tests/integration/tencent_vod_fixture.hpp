#pragma once
// Shared set-up for the Tencent VOD v2 front door tests: the real server with a "tencent_vod" section, and
// requests signed the way a v2 SDK signs them (sorted raw params, GET/POST + host + /v2/index.php, HMAC,
// base64, every value percent-encoded on the wire).

#include <chrono>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "integration/gateway_fixture.hpp"
#include "signing/percent_encoding.hpp"
#include "signing/tencent_v2_signature.hpp"

namespace tg::testing {

struct VodKey {
  std::string secret_id;
  std::string secret_key;
};

inline const VodKey kVodKeyA{"AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA", "Gu5t9xGARNpq86cd98joQYCN3Cozk1qA"};
inline const VodKey kVodKeyB{"AKIDotherSecretId000000000000000000", "0123456789abcdef0123456789abcdef"};

using VodParams = std::vector<std::pair<std::string, std::string>>;

struct VodSignOptions {
  int64_t timestamp = 0;         // 0 = now
  std::string nonce;             // empty = fresh random
  std::string signature_method;  // empty = not sent (HmacSHA1)
  std::string method = "GET";
  std::string host;                 // empty = "127.0.0.1:<port>" (what the client sends as Host)
  std::string secret_key_override;  // non-empty: sign with this key instead
};

class VodFixture : public GatewayFixture {
 protected:
  /// The config members for the VOD front door (appended to the base config).
  std::string vod_config(int requests_per_minute = 100, const std::string& event_url = "") const {
    std::string events = event_url.empty() ? "" : R"(,"event_url":")" + event_url + "\"";
    return R"(,"tencent_vod":{"secrets":[{"secret_id":")" + kVodKeyA.secret_id + R"(","secret_key":")" +
           kVodKeyA.secret_key + R"(","requests_per_minute":)" + std::to_string(requests_per_minute) +
           R"(},{"secret_id":")" + kVodKeyB.secret_id + R"(","secret_key":")" + kVodKeyB.secret_key + R"("}])" +
           events + "}" +
           R"(,"tencent":{"sprite_templates":{"20":{"cell_width":64,"cell_height":48,"columns":2,"rows":2,)"
           R"("interval_s":1,"fill":"#102030","format":"jpg"}}})";
  }

  static std::string fresh_nonce() {
    static std::mt19937_64 rng(std::random_device{}());
    return std::to_string(1 + rng() % 4'000'000'000ULL);
  }

  /// The full parameter list of a signed request (Signature included, values decoded).
  VodParams signed_params(const VodKey& key, VodParams params, const VodSignOptions& o = {}) const {
    const int64_t ts =
        o.timestamp
            ? o.timestamp
            : std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                  .count();
    params.emplace_back("Region", "gz");
    params.emplace_back("Timestamp", std::to_string(ts));
    params.emplace_back("Nonce", o.nonce.empty() ? fresh_nonce() : o.nonce);
    params.emplace_back("SecretId", key.secret_id);
    if (!o.signature_method.empty()) params.emplace_back("SignatureMethod", o.signature_method);
    const std::string host = o.host.empty() ? "127.0.0.1:" + std::to_string(server_->port()) : o.host;
    signing::Params sp(params.begin(), params.end());
    const std::string to_sign = signing::tencent_v2_string_to_sign(o.method, host, "/v2/index.php", sp);
    const auto method = o.signature_method == "HmacSHA256" ? signing::TencentV2Method::kHmacSha256
                                                           : signing::TencentV2Method::kHmacSha1;
    const std::string& secret = o.secret_key_override.empty() ? key.secret_key : o.secret_key_override;
    params.emplace_back("Signature", signing::tencent_v2_signature(to_sign, secret, method));
    return params;
  }

  static std::string encode(const VodParams& params) {
    std::string out;
    for (const auto& [name, value] : params) {
      if (!out.empty()) out += '&';
      out += signing::percent_encode(name) + "=" + signing::percent_encode(value);
    }
    return out;
  }

  std::string vod_url(const VodKey& key, const VodParams& params, const VodSignOptions& o = {}) const {
    return server_->base_url() + "/v2/index.php?" + encode(signed_params(key, params, o));
  }

  /// Signed GET; returns the body (asserting HTTP 200).
  std::string vod_call(const VodKey& key, const VodParams& params, const VodSignOptions& o = {}) {
    auto res = http_get(vod_url(key, params, o));
    EXPECT_EQ(res.status, 200) << res.error << res.body;
    return res.body;
  }

  static int vod_code(const std::string& body) {
    std::string c = json_field(body, "code");
    return c.empty() ? -1 : std::stoi(c);
  }

  /// Polls GetTaskInfo until status FINISH (or 60 s pass); returns the last body.
  std::string wait_finish(const VodKey& key, const std::string& task_id) {
    std::string body;
    for (int i = 0; i < 600; ++i) {
      body = vod_call(key, {{"Action", "GetTaskInfo"}, {"vodTaskId", task_id}});
      if (json_field(body, "status") == "FINISH") return body;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "task " << task_id << " never finished; last answer " << body;
    return body;
  }
};

}  // namespace tg::testing
