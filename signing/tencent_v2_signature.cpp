#include "signing/tencent_v2_signature.hpp"

#include <algorithm>

#include "signing/digest.hpp"

namespace tg::signing {

std::optional<TencentV2Method> parse_tencent_v2_method(std::string_view signature_method) {
  if (signature_method.empty() || signature_method == "HmacSHA1") return TencentV2Method::kHmacSha1;
  if (signature_method == "HmacSHA256") return TencentV2Method::kHmacSha256;
  return std::nullopt;
}

std::string tencent_v2_string_to_sign(std::string_view method, std::string_view host,
                                      std::string_view path, const Params& params) {
  Params signed_params;
  signed_params.reserve(params.size());
  for (const auto& [name, value] : params) {
    if (name == "Signature") continue;
    std::string key = name;
    std::replace(key.begin(), key.end(), '_', '.');
    signed_params.emplace_back(std::move(key), value);
  }
  // Names compare as unsigned bytes (std::string's char_traits do), so uppercase sorts first.
  std::stable_sort(signed_params.begin(), signed_params.end(),
                   [](const Param& a, const Param& b) { return a.first < b.first; });
  std::string out;
  out.append(method).append(host).append(path).push_back('?');
  bool first = true;
  for (const auto& [name, value] : signed_params) {
    if (!first) out.push_back('&');
    first = false;
    out.append(name).push_back('=');
    out.append(value);
  }
  return out;
}

std::string tencent_v2_signature(std::string_view string_to_sign, std::string_view secret_key,
                                 TencentV2Method method) {
  const std::string mac = method == TencentV2Method::kHmacSha256
                              ? hmac_sha256(secret_key, string_to_sign)
                              : hmac_sha1(secret_key, string_to_sign);
  return base64_encode(mac);
}

}  // namespace tg::signing
