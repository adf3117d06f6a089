#include "adapters/aliyun_ice/signed_object_url.hpp"

#include <algorithm>

#include "adapters/aliyun_ice/ice_authenticator.hpp"
#include "adapters/common/numbers.hpp"
#include "signing/constant_time.hpp"
#include "signing/oss_url_signature.hpp"
#include "signing/percent_encoding.hpp"

namespace tg::adapters::aliyun_ice {

std::string signed_object_url(const std::string& base, const std::string& bucket, const std::string& key,
                              const IceAccessKey& access_key, int64_t expires_s) {
  std::string url = base;
  while (!url.empty() && url.back() == '/') url.pop_back();
  url += std::string(kObjectPathPrefix) + bucket;
  std::size_t start = 0;
  while (start <= key.size()) {
    std::size_t end = key.find('/', start);
    if (end == std::string::npos) end = key.size();
    url += "/" + signing::percent_encode(std::string_view(key).substr(start, end - start));
    start = end + 1;
  }
  const std::string signature =
      signing::oss_signature(access_key.secret, signing::oss_url_string_to_sign("GET", expires_s, bucket, key));
  url += "?OSSAccessKeyId=" + signing::percent_encode(access_key.id) + "&Expires=" + std::to_string(expires_s) +
         "&Signature=" + signing::percent_encode(signature);
  return url;
}

UrlCheck check_signed_url(const IceSettings& settings, std::string_view method, const std::string& bucket,
                          const std::string& key, const signing::Params& query, int64_t now_s) {
  const std::string* id = find_param(query, "OSSAccessKeyId");
  const std::string* expires_text = find_param(query, "Expires");
  const std::string* signature = find_param(query, "Signature");
  if (!id || !expires_text || !signature) return UrlCheck::kUnsigned;
  const IceAccessKey* access_key = settings.find_key(*id);
  if (!access_key) return UrlCheck::kUnknownKey;
  const bool digits = !expires_text->empty() &&
                      std::all_of(expires_text->begin(), expires_text->end(), [](char c) { return c >= '0' && c <= '9'; });
  const auto expires = digits ? parse_int64(*expires_text) : std::nullopt;
  if (!expires) return UrlCheck::kBadExpires;
  if (*expires < now_s) return UrlCheck::kExpired;
  // The URLs handed out are signed for GET; a HEAD may use one of them or be signed as HEAD.
  auto signed_for = [&](std::string_view verb) {
    return signing::constant_time_equals(
        signing::oss_signature(access_key->secret, signing::oss_url_string_to_sign(verb, *expires, bucket, key)),
        *signature);
  };
  if (signed_for("GET") || (method == "HEAD" && signed_for("HEAD"))) return UrlCheck::kOk;
  return UrlCheck::kBadSignature;
}

}  // namespace tg::adapters::aliyun_ice
