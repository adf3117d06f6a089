#include "signing/signed_query.hpp"

#include "signing/percent_encoding.hpp"
#include "signing/zego_signature.hpp"

namespace tg::signing {

std::string encode_query(const Params& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out.push_back('&');
    out += percent_encode(name) + "=" + percent_encode(value);
  }
  return out;
}

std::string zego_signed_query(const Params& params, std::string_view app_id, std::string_view server_secret,
                              std::string_view nonce, int64_t timestamp_s) {
  const std::string ts = std::to_string(timestamp_s);
  Params all = params;
  all.emplace_back("AppId", std::string(app_id));
  all.emplace_back("SignatureNonce", std::string(nonce));
  all.emplace_back("Timestamp", ts);
  all.emplace_back("Signature", zego_signature(app_id, nonce, server_secret, ts));
  all.emplace_back("SignatureVersion", "2.0");
  return encode_query(all);
}

std::string tencent_v2_signed_query(Params params, std::string_view host, std::string_view path,
                                    std::string_view secret_id, std::string_view secret_key, uint64_t nonce,
                                    int64_t timestamp_s, TencentV2Method method) {
  params.emplace_back("SecretId", std::string(secret_id));
  params.emplace_back("Nonce", std::to_string(nonce));
  params.emplace_back("Timestamp", std::to_string(timestamp_s));
  if (method == TencentV2Method::kHmacSha256) params.emplace_back("SignatureMethod", "HmacSHA256");
  const std::string to_sign = tencent_v2_string_to_sign("GET", host, path, params);
  params.emplace_back("Signature", tencent_v2_signature(to_sign, secret_key, method));
  return encode_query(params);
}

}  // namespace tg::signing
