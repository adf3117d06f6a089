#include "signing/oss_url_signature.hpp"

#include "signing/digest.hpp"

namespace tg::signing {

std::string oss_url_string_to_sign(std::string_view verb, int64_t expires_s, std::string_view bucket,
                                   std::string_view object_key) {
  std::string out(verb);
  out.append("\n\n\n").append(std::to_string(expires_s)).append("\n/");
  out.append(bucket).append("/").append(object_key);
  return out;
}

std::string oss_signature(std::string_view access_key_secret, std::string_view string_to_sign) {
  return base64_encode(hmac_sha1(access_key_secret, string_to_sign));
}

}  // namespace tg::signing
