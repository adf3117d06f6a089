#include "signing/signed_query.hpp"

#include <algorithm>
#include <cctype>

#include "core/time_format.hpp"
#include "signing/aliyun_rpc_signature.hpp"
#include "signing/cos_signature.hpp"
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

std::string cos_signed_query(const Params& params, std::string_view method, std::string_view uri_pathname,
                             std::string_view host, std::string_view secret_id, std::string_view secret_key,
                             int64_t start_s, int64_t end_s) {
  const std::string key_time = std::to_string(start_s) + ";" + std::to_string(end_s);
  const CosSignatureParts parts =
      cos_sign(secret_key, key_time, method, uri_pathname, params, Params{{"host", std::string(host)}});
  Params all = params;
  all.emplace_back("q-sign-algorithm", "sha1");
  all.emplace_back("q-ak", std::string(secret_id));
  all.emplace_back("q-sign-time", key_time);
  all.emplace_back("q-key-time", key_time);
  all.emplace_back("q-header-list", parts.header_list);
  all.emplace_back("q-url-param-list", parts.url_param_list);
  all.emplace_back("q-signature", parts.signature);
  return encode_query(all);
}

std::string aliyun_rpc_signed_query(Params params, std::string_view method, std::string_view access_key_id,
                                    std::string_view access_key_secret, std::string_view nonce,
                                    int64_t timestamp_s) {
  params.emplace_back("AccessKeyId", std::string(access_key_id));
  params.emplace_back("SignatureMethod", "HMAC-SHA1");
  params.emplace_back("SignatureNonce", std::string(nonce));
  params.emplace_back("SignatureVersion", "1.0");
  params.emplace_back("Timestamp", format_utc(timestamp_s * 1000, "%Y-%m-%dT%H:%M:%SZ"));
  params.emplace_back("Signature",
                      aliyun_rpc_signature(access_key_secret, aliyun_string_to_sign(method, params)));
  return encode_query(params);
}

HuaweiRequestSignature huawei_request_signature(HuaweiSignedRequest request, std::string_view access_key,
                                                std::string_view secret_key, int64_t timestamp_s) {
  HuaweiRequestSignature out;
  out.sdk_date = format_utc(timestamp_s * 1000, "%Y%m%dT%H%M%SZ");
  request.headers.emplace_back("x-sdk-date", out.sdk_date);
  std::vector<std::string> names;
  for (const auto& [name, value] : request.headers) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    names.push_back(std::move(lower));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::string list;
  for (const std::string& name : names) list += (list.empty() ? "" : ";") + name;
  out.authorization = std::string(kHuaweiAlgorithm) + " Access=" + std::string(access_key) +
                      ", SignedHeaders=" + list + ", Signature=" + huawei_sign(request, names, out.sdk_date, secret_key);
  return out;
}

}  // namespace tg::signing
