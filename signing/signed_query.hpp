#pragma once
// Ready signed query strings for clients and operators (the start-up demo URL, `thumbgate sign`): the one
// way thumbgate composes a signed request, with the same signatures the authenticators check.

#include <cstdint>
#include <string>
#include <string_view>

#include "signing/params.hpp"
#include "signing/tencent_v2_signature.hpp"

namespace tg::signing {

/// `params` percent-encoded and joined as k=v with '&', in order.
std::string encode_query(const Params& params);

/// `params` followed by ZEGO's common parameters, Signature 2.0 over AppId, nonce, secret and timestamp:
/// "...&AppId=…&SignatureNonce=…&Timestamp=…&Signature=…&SignatureVersion=2.0".
std::string zego_signed_query(const Params& params, std::string_view app_id, std::string_view server_secret,
                              std::string_view nonce, int64_t timestamp_s);

/// `params` with SecretId, Nonce and Timestamp added and signed with the Tencent Cloud API 2.0 signature
/// for GET `host` + `path` (Signature last).
std::string tencent_v2_signed_query(Params params, std::string_view host, std::string_view path,
                                    std::string_view secret_id, std::string_view secret_key, uint64_t nonce,
                                    int64_t timestamp_s, TencentV2Method method = TencentV2Method::kHmacSha1);

}  // namespace tg::signing
