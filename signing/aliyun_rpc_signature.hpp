#pragma once
// Alibaba Cloud RPC-style signature V1.0 (HMAC-SHA1), used by ICE and the other RPC APIs.

#include <string>
#include <string_view>

#include "signing/params.hpp"

namespace tg::signing {

/// RFC 3986 percent-encoding as Alibaba specifies it: keep A-Za-z0-9-_.~, %XY uppercase, space %20.
std::string aliyun_percent_encode(std::string_view text);

/// Params except Signature, sorted by name (bytewise), each k and v percent-encoded, joined k=v by
/// '&'.
std::string aliyun_canonicalized_query(const Params& params);

/// METHOD & percentEncode("/") & percentEncode(canonicalized query).
std::string aliyun_string_to_sign(std::string_view http_method, const Params& params);

/// Base64 of HMAC-SHA1(AccessKeySecret + "&", string to sign).
std::string aliyun_rpc_signature(std::string_view access_key_secret,
                                 std::string_view string_to_sign);

}  // namespace tg::signing
