// Alibaba Cloud RPC signature V1.0 (signing/aliyun_rpc_signature): the canonicalized query is an
// unambiguous, order-independent encoding of the parameters, so two different requests never share a
// string to sign.

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "adapters/common/query_string.hpp"
#include "signing/aliyun_rpc_signature.hpp"
#include "signing/digest.hpp"
#include "signing/percent_encoding.hpp"
#include "support/fuzz_check.hpp"

using tg::signing::Params;

namespace {

bool is_encoded(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      continue;
    }
    if (c != '%' || i + 2 >= text.size()) return false;
    for (char h : {text[i + 1], text[i + 2]}) {
      if (!((h >= '0' && h <= '9') || (h >= 'A' && h <= 'F'))) return false;
    }
    i += 2;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const std::string method = in.ConsumeRandomLengthString(8);
  const std::string secret = in.ConsumeRandomLengthString(40);
  const auto parsed = tg::adapters::parse_query(in.ConsumeRemainingBytesAsString());
  if (!parsed) return 0;
  const Params& params = *parsed;

  for (const auto& [name, value] : params) {
    const std::string encoded = tg::signing::aliyun_percent_encode(value);
    FUZZ_CHECK(is_encoded(encoded));
    FUZZ_CHECK(tg::signing::percent_decode(encoded) == value);
  }

  const std::string canonical = tg::signing::aliyun_canonicalized_query(params);
  // Decoding the canonical form gives back every parameter but Signature, sorted by name.
  Params expected;
  for (const auto& p : params) {
    if (p.first != "Signature") expected.push_back(p);
  }
  std::stable_sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  Params decoded;
  if (!canonical.empty()) {
    std::size_t pos = 0;
    while (pos <= canonical.size()) {
      std::size_t amp = canonical.find('&', pos);
      if (amp == std::string::npos) amp = canonical.size();
      const std::string item = canonical.substr(pos, amp - pos);
      const std::size_t eq = item.find('=');
      FUZZ_CHECK(eq != std::string::npos);
      auto name = tg::signing::percent_decode(item.substr(0, eq));
      auto value = tg::signing::percent_decode(item.substr(eq + 1));
      FUZZ_CHECK(name && value);
      decoded.emplace_back(std::move(*name), std::move(*value));
      pos = amp + 1;
    }
  }
  FUZZ_CHECK(decoded == expected);
  std::set<std::string> names;
  for (const auto& p : expected) names.insert(p.first);
  if (names.size() == expected.size()) {
    Params reversed(params.rbegin(), params.rend());
    FUZZ_CHECK(tg::signing::aliyun_canonicalized_query(reversed) == canonical);
  }

  const std::string to_sign = tg::signing::aliyun_string_to_sign(method, params);
  FUZZ_CHECK(to_sign == method + "&%2F&" + tg::signing::aliyun_percent_encode(canonical));
  const auto mac = tg::signing::base64_decode(tg::signing::aliyun_rpc_signature(secret, to_sign));
  FUZZ_CHECK(mac && mac->size() == 20);
  FUZZ_CHECK(*mac == tg::signing::hmac_sha1(secret + "&", to_sign));
  return 0;
}
