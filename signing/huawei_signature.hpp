#pragma once
// Huawei Cloud API request signing (AK/SK, "SDK-HMAC-SHA256"), as the huaweicloud-sdk-* AKSKSigner makes
// it: a canonical request of method, path, sorted query, the signed headers and the payload hash, hashed
// into a string to sign with the X-Sdk-Date, HMAC-SHA256'd under the secret key. Pure: no clock, no I/O.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "signing/params.hpp"

namespace tg::signing {

inline constexpr std::string_view kHuaweiAlgorithm = "SDK-HMAC-SHA256";

/// What a request carries for the signature.
struct HuaweiSignedRequest {
  std::string method;        // "GET", "POST", ...
  std::string path;          // decoded path, e.g. "/v1/0a1b/thumbnails"
  Params query;              // decoded query pairs, repeats kept
  Params headers;            // every header as received (any name case)
  std::string_view body;     // the body bytes exactly as received
};

/// The Authorization header's parts: "SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex".
struct HuaweiAuthorization {
  std::string access_key;
  std::vector<std::string> signed_headers;  // lowercase, as listed
  std::string signature;                    // lowercase hex
};

/// Parses an Authorization header value; nullopt when it is not the SDK-HMAC-SHA256 shape (missing part,
/// empty access key, no signed header, a signature that is not 64 hex digits).
std::optional<HuaweiAuthorization> parse_huawei_authorization(std::string_view value);

/// Each '/'-separated segment of `path` percent-encoded (A-Za-z0-9-_.~ kept), '/' appended when missing.
std::string huawei_canonical_uri(std::string_view path);

/// Keys sorted, "enc(key)=enc(value)" joined by '&', a repeated key's values sorted.
std::string huawei_canonical_query(const Params& query);

/// METHOD \n URI \n QUERY \n "name:value\n"... \n signed;headers \n payload hash. Header values are
/// trimmed; a signed header the request lacks is an empty value. `signed_headers` lowercase.
std::string huawei_canonical_request(const HuaweiSignedRequest& request,
                                     const std::vector<std::string>& signed_headers);

/// "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(SHA-256(canonical request)).
std::string huawei_string_to_sign(std::string_view sdk_date, std::string_view canonical_request);

/// hex(HMAC-SHA256(secret_key, string to sign)).
std::string huawei_signature(std::string_view secret_key, std::string_view string_to_sign);

/// The signature of `request` under `secret_key`, signing `signed_headers` at `sdk_date`.
std::string huawei_sign(const HuaweiSignedRequest& request, const std::vector<std::string>& signed_headers,
                        std::string_view sdk_date, std::string_view secret_key);

/// True when `authorization.signature` is the signature of `request` under `secret_key` (constant time).
bool huawei_verify(const HuaweiSignedRequest& request, const HuaweiAuthorization& authorization,
                   std::string_view sdk_date, std::string_view secret_key);

}  // namespace tg::signing
