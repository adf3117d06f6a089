// The Tencent COS / CI GetSnapshot front door's request handling short of the engine: which bucket a
// request addresses (adapters/tencent_ci/bucket_router), who may read it
// (adapters/tencent_ci/cos_authenticator), the snapshot parameters (adapters/tencent_ci/snapshot_params)
// and the XML error it would answer with.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "adapters/tencent_ci/bucket_router.hpp"
#include "adapters/tencent_ci/cos_authenticator.hpp"
#include "adapters/tencent_ci/snapshot_params.hpp"
#include "support/fuzz_check.hpp"
#include "support/fuzz_request.hpp"

namespace ci = tg::adapters::tencent_ci;

namespace {

constexpr int64_t kNow = 1'650'426'532;

const ci::CiSettings& settings() {
  static const ci::CiSettings s = [] {
    ci::CiSettings out;
    out.buckets.push_back({"examplebucket-1250000000", "ap-beijing", "buckets/example", ci::BucketAcl::kPrivate, {}});
    out.buckets.push_back(
        {"public-1250000000", "ap-guangzhou", "buckets/public", ci::BucketAcl::kPublicRead, {"img.example.com"}});
    out.credentials.push_back({"AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q", "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz", {}});
    out.credentials.push_back({"AKIDlimited", "limited-key", {"public-1250000000"}});
    return out;
  }();
  return s;
}

void check_error(const ci::CosError& error) {
  FUZZ_CHECK(!error.message.empty());
  auto response = ci::render_cos_error(error, "/resource", "request-id", "trace-id");
  FUZZ_CHECK(response.status >= 400);
  // The message is text of the XML body: nothing in it may open or close markup.
  const std::string escaped = ci::xml_escape(error.message);
  FUZZ_CHECK(escaped.find_first_of("<>") == std::string::npos);
  FUZZ_CHECK(response.body.find("<Message>" + escaped + "</Message>") != std::string::npos);
  FUZZ_CHECK(tg::fuzz::is_xml_text(response.body));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const tg::ApiRequest request = tg::fuzz::request_from_text({reinterpret_cast<const char*>(data), size});

  const std::string host = ci::request_host(request);
  for (char c : host) FUZZ_CHECK(!(c >= 'A' && c <= 'Z') && c != ':' && c != '@');
  FUZZ_CHECK(host.empty() || host.back() != '.');
  FUZZ_CHECK(ci::normalize_host(host) == host);  // normalizing twice changes nothing

  const ci::BucketRoute route = ci::route_request(settings(), request);
  FUZZ_CHECK(route.host == host);
  FUZZ_CHECK((route.kind == ci::BucketRoute::Kind::kBucket) == (route.bucket != nullptr));
  if (route.kind == ci::BucketRoute::Kind::kUnknownBucket) FUZZ_CHECK(ci::looks_like_cos_host(host));
  // Whatever the request says, every bucket is checked against it, the routed one included.
  for (const ci::CiBucket& bucket : settings().buckets) {
    auto allowed = ci::authorize(settings(), bucket, request, kNow);
    if (!allowed) {
      check_error(allowed.error());
    } else if (bucket.acl == ci::BucketAcl::kPrivate) {
      // Reading a private bucket takes a signature of a key that may read it.
      auto header = request.header("authorization");
      bool has_query_signature = false;
      for (const auto& [name, value] : request.query) has_query_signature |= name == "q-signature";
      FUZZ_CHECK((header && !header->empty()) || has_query_signature);
    }
  }

  (void)ci::ci_process_of(request);
  auto params = ci::parse_snapshot_params(request);
  if (params) {
    FUZZ_CHECK(std::isfinite(params->time_s) && params->time_s >= 0 && params->time_s <= ci::kMaxSnapshotTime);
    FUZZ_CHECK(params->width >= 0 && params->width <= ci::kMaxSnapshotSide);
    FUZZ_CHECK(params->height >= 0 && params->height <= ci::kMaxSnapshotSide);
    FUZZ_CHECK(!params->cache_text().empty());
  } else {
    FUZZ_CHECK(params.error().code == ci::CosErrorCode::kInvalidArgument);
    check_error(params.error());
  }
  for (const auto& [name, value] : request.query) {
    if (auto seconds = ci::parse_decimal_seconds(value)) FUZZ_CHECK(std::isfinite(*seconds) && *seconds >= 0);
    if (auto number = ci::parse_decimal_int(value)) FUZZ_CHECK(*number >= 0);
  }
  return 0;
}
