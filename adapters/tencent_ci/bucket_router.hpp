#pragma once
// Which configured bucket a request addresses: by the virtual-hosted name
// "<BucketName-APPID>.cos.<Region>.<any domain>", by a custom domain bound to the bucket, or by the host of
// an absolute-form request target (a client using the gateway as its HTTP proxy). Ports are ignored.

#include <string>
#include <string_view>

#include "adapters/tencent_ci/ci_settings.hpp"
#include "core/api_message.hpp"

namespace tg::adapters::tencent_ci {

struct BucketRoute {
  enum class Kind {
    kBucket,        // `bucket` is the addressed bucket
    kUnknownBucket, // a COS virtual host (or a custom-domain-less COS request) naming no configured bucket
    kNotCos,        // nothing about the host says COS
  };
  Kind kind = Kind::kNotCos;
  const CiBucket* bucket = nullptr;
  std::string host;  // lowercase, without port; "" when the request names none
};

/// The host a request addresses: the authority of an absolute-form target, else the Host header;
/// lowercase, port and trailing dot removed.
std::string request_host(const ApiRequest& request);

/// Lowercases `authority`, drops any userinfo, port and trailing dot; "" for IP-literal forms "[...]".
std::string normalize_host(std::string_view authority);

/// True when `host` has the shape "<name>.cos.<region>.<domain…>".
bool looks_like_cos_host(std::string_view host);

/// The bucket `host` addresses among `settings.buckets`.
BucketRoute route_host(const CiSettings& settings, const std::string& host);

/// route_host(settings, request_host(request)).
BucketRoute route_request(const CiSettings& settings, const ApiRequest& request);

}  // namespace tg::adapters::tencent_ci
