#pragma once
// Tencent Cloud API 2.0 signature (legacy VOD v2 and other 2.0 products).

#include <optional>
#include <string>
#include <string_view>

#include "signing/params.hpp"

namespace tg::signing {

enum class TencentV2Method { kHmacSha1, kHmacSha256 };

/// Maps the SignatureMethod parameter: absent or empty → HmacSHA1; "HmacSHA1" / "HmacSHA256";
/// anything else → nullopt.
std::optional<TencentV2Method> parse_tencent_v2_method(std::string_view signature_method);

/// METHOD + host + path + "?" + the params except Signature, sorted by name (bytewise),
/// '_' in names replaced by '.', joined as k=v with '&' using raw (decoded) values.
std::string tencent_v2_string_to_sign(std::string_view method, std::string_view host,
                                      std::string_view path, const Params& params);

/// Base64 of HMAC-SHA1 or HMAC-SHA256 of the string to sign under the SecretKey.
std::string tencent_v2_signature(std::string_view string_to_sign, std::string_view secret_key,
                                 TencentV2Method method = TencentV2Method::kHmacSha1);

}  // namespace tg::signing
