#pragma once
// Tencent COS XML request signature (q-sign-algorithm=sha1), doc 436/7778: signing, parsing the
// Authorization value (or the same q-* query parameters) and verifying a request against it.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "signing/params.hpp"

namespace tg::signing {

/// A parsed COS Authorization (header value or q-* query parameters).
struct CosAuthorization {
  std::string algorithm;        // always "sha1" once parsed
  std::string ak;               // SecretId
  int64_t sign_time_start = 0;  // validity window, Unix seconds, inclusive
  int64_t sign_time_end = 0;
  std::string key_time;                     // "start;end" exactly as signed
  std::vector<std::string> header_list;     // urlencoded lowercase header names
  std::vector<std::string> url_param_list;  // urlencoded lowercase parameter names
  std::string signature;                    // 40 lowercase hex characters
};

/// Every intermediate of one COS signature, for tests and diagnostics.
struct CosSignatureParts {
  std::string sign_key;         // hex HMAC-SHA1(SecretKey, KeyTime)
  std::string url_param_list;   // "k1;k2"
  std::string http_parameters;  // "k1=v1&k2=v2"
  std::string header_list;
  std::string http_headers;
  std::string http_string;
  std::string http_string_sha1;
  std::string string_to_sign;
  std::string signature;  // hex HMAC-SHA1(SignKey, StringToSign)
};

enum class CosVerifyErrorCode {
  kRequestExpired,
  kRequestNotYetValid,
  kSignedFieldMissing,
  kSignatureMismatch
};

struct CosVerifyError {
  CosVerifyErrorCode code;
  std::string message;
};

/// COS UrlEncode: every byte but A-Za-z0-9 - _ . ~ becomes %XY (uppercase hex).
std::string cos_url_encode(std::string_view text);

/// Signs a request over all the given params and headers (decoded names and values).
/// `uri_pathname` is the decoded path, e.g. "/exampleobject(腾讯云)"; `key_time` is "start;end".
CosSignatureParts cos_sign(std::string_view secret_key, std::string_view key_time,
                           std::string_view method, std::string_view uri_pathname,
                           const Params& params, const Params& headers);

/// The Authorization header value for a signature made with cos_sign.
std::string cos_authorization_value(std::string_view secret_id, std::string_view sign_time,
                                    std::string_view key_time, const CosSignatureParts& parts);

/// Parses an Authorization header value "q-sign-algorithm=sha1&q-ak=...&q-signature=...".
Result<CosAuthorization, std::string> parse_cos_authorization(std::string_view value);

/// Parses the same fields given as (decoded) query parameters; other parameters are ignored.
Result<CosAuthorization, std::string> parse_cos_authorization_params(const Params& query);

/// Recomputes the signature over exactly the headers and params the Authorization names;
/// an error when a named header or parameter is absent from the request.
Result<CosSignatureParts, CosVerifyError> cos_expected_signature(
    const CosAuthorization& auth, std::string_view secret_key, std::string_view method,
    std::string_view uri_pathname, const Params& params, const Params& headers);

/// Checks the sign-time window against `now_s` and compares the signature in constant time.
Result<Ok, CosVerifyError> cos_verify(const CosAuthorization& auth, std::string_view secret_key,
                                      std::string_view method, std::string_view uri_pathname,
                                      const Params& params, const Params& headers, int64_t now_s);

}  // namespace tg::signing
