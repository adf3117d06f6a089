#include "adapters/tencent_ci/bucket_router.hpp"

#include <algorithm>
#include <cctype>

namespace tg::adapters::tencent_ci {
namespace {

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

}  // namespace

std::string normalize_host(std::string_view authority) {
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (authority.empty() || authority.front() == '[') return "";
  if (auto colon = authority.find(':'); colon != std::string_view::npos) authority = authority.substr(0, colon);
  while (!authority.empty() && authority.back() == '.') authority.remove_suffix(1);
  std::string host(authority);
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return host;
}

std::string request_host(const ApiRequest& request) {
  std::string_view target = request.target;
  for (std::string_view scheme : {"http://", "https://"}) {
    if (starts_with_nocase(target, scheme)) {
      std::string_view rest = target.substr(scheme.size());
      return normalize_host(rest.substr(0, rest.find_first_of("/?#")));
    }
  }
  auto host = request.header("host");
  return host ? normalize_host(*host) : std::string();
}

bool looks_like_cos_host(std::string_view host) {
  auto first_dot = host.find('.');
  if (first_dot == 0 || first_dot == std::string_view::npos) return false;
  std::string_view rest = host.substr(first_dot + 1);
  if (rest.substr(0, 4) != "cos.") return false;
  rest.remove_prefix(4);
  auto region_end = rest.find('.');
  // A region label and at least one more label of domain after it.
  return region_end != 0 && region_end != std::string_view::npos && region_end + 1 < rest.size();
}

BucketRoute route_host(const CiSettings& settings, const std::string& host) {
  BucketRoute route;
  route.host = host;
  if (host.empty()) return route;
  for (const CiBucket& bucket : settings.buckets) {
    if (std::find(bucket.domains.begin(), bucket.domains.end(), host) != bucket.domains.end()) {
      route.kind = BucketRoute::Kind::kBucket;
      route.bucket = &bucket;
      return route;
    }
  }
  if (!looks_like_cos_host(host)) return route;
  for (const CiBucket& bucket : settings.buckets) {
    const std::string prefix = bucket.name + ".cos." + bucket.region + ".";
    if (host.size() > prefix.size() && host.compare(0, prefix.size(), prefix) == 0) {
      route.kind = BucketRoute::Kind::kBucket;
      route.bucket = &bucket;
      return route;
    }
  }
  route.kind = BucketRoute::Kind::kUnknownBucket;
  return route;
}

BucketRoute route_request(const CiSettings& settings, const ApiRequest& request) {
  return route_host(settings, request_host(request));
}

}  // namespace tg::adapters::tencent_ci
