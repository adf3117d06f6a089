#pragma once
// Alibaba Cloud OSS signed URLs (signature V1 in the query): what GetSnapshotUrls hands out and the ICE
// front door checks when the URL is fetched.
//   StringToSign = VERB "\n" Content-MD5 "\n" Content-Type "\n" Expires "\n" CanonicalizedResource
//   Signature    = Base64(HMAC-SHA1(AccessKeySecret, StringToSign))
// The URL carries OSSAccessKeyId, Expires (Unix seconds) and Signature (percent-encoded) in its query.

#include <cstdint>
#include <string>
#include <string_view>

namespace tg::signing {

/// The string to sign of a query-signed URL without Content-MD5, Content-Type or x-oss- headers:
/// "<verb>\n\n\n<expires>\n/<bucket>/<object>" (the object key as it is, not encoded).
std::string oss_url_string_to_sign(std::string_view verb, int64_t expires_s, std::string_view bucket,
                                   std::string_view object_key);

/// Base64(HMAC-SHA1(secret, string_to_sign)).
std::string oss_signature(std::string_view access_key_secret, std::string_view string_to_sign);

}  // namespace tg::signing
