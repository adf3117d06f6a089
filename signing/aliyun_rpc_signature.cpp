#include "signing/aliyun_rpc_signature.hpp"

#include <algorithm>

#include "signing/digest.hpp"
#include "signing/percent_encoding.hpp"

namespace tg::signing {

std::string aliyun_percent_encode(std::string_view text) { return percent_encode(text); }

std::string aliyun_canonicalized_query(const Params& params) {
  std::vector<const Param*> sorted;
  sorted.reserve(params.size());
  for (const Param& p : params) {
    if (p.first != "Signature") sorted.push_back(&p);
  }
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Param* a, const Param* b) { return a->first < b->first; });
  std::string out;
  for (const Param* p : sorted) {
    if (!out.empty()) out.push_back('&');
    out.append(percent_encode(p->first)).push_back('=');
    out.append(percent_encode(p->second));
  }
  return out;
}

std::string aliyun_string_to_sign(std::string_view http_method, const Params& params) {
  std::string out(http_method);
  out.append("&").append(percent_encode("/")).append("&");
  out.append(percent_encode(aliyun_canonicalized_query(params)));
  return out;
}

std::string aliyun_rpc_signature(std::string_view access_key_secret,
                                 std::string_view string_to_sign) {
  std::string key(access_key_secret);
  key.push_back('&');
  return base64_encode(hmac_sha1(key, string_to_sign));
}

}  // namespace tg::signing
