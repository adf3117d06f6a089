#pragma once
// The output bucket's objects as OSS hands them out: URLs signed with an AccessKey's secret (signature V1
// in the query: OSSAccessKeyId, Expires, Signature) that stop working at Expires, and the check of such a
// URL when it is fetched.

#include <cstdint>
#include <string>
#include <string_view>

#include "adapters/aliyun_ice/ice_settings.hpp"
#include "signing/params.hpp"

namespace tg::adapters::aliyun_ice {

/// <base>/oss/<bucket>/<key, each segment percent-encoded>?OSSAccessKeyId=…&Expires=…&Signature=…
std::string signed_object_url(const std::string& base, const std::string& bucket, const std::string& key,
                              const IceAccessKey& access_key, int64_t expires_s);

enum class UrlCheck {
  kOk,
  kUnsigned,        // no OSSAccessKeyId / Expires / Signature
  kUnknownKey,      // OSSAccessKeyId is not a configured key
  kBadExpires,      // Expires is not Unix seconds
  kExpired,         // Expires is in the past
  kBadSignature,    // the Signature does not match
};

/// Checks the signature of a fetch of `key` in `bucket` with `method` (GET or HEAD), `query` decoded.
UrlCheck check_signed_url(const IceSettings& settings, std::string_view method, const std::string& bucket,
                          const std::string& key, const signing::Params& query, int64_t now_s);

}  // namespace tg::adapters::aliyun_ice
