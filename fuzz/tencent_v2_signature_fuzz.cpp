// Tencent Cloud API 2.0 signatures (signing/tencent_v2_signature) and the VOD v2 verifier
// (adapters/tencent_vod/vod_authenticator): the string to sign does not depend on parameter order or on a
// Signature parameter, and a request signed over fuzzed parameters is accepted once and only untampered.

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "adapters/common/call_admission.hpp"
#include "adapters/common/sliding_window_limiter.hpp"
#include "adapters/tencent_vod/vod_authenticator.hpp"
#include "adapters/common/query_string.hpp"
#include "signing/digest.hpp"
#include "signing/nonce_cache.hpp"
#include "signing/tencent_v2_signature.hpp"
#include "support/fuzz_check.hpp"

namespace vod = tg::adapters::tencent_vod;
using tg::signing::Params;

namespace {

constexpr int64_t kNow = 1'700'000'000;
constexpr const char* kSecretId = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA";
constexpr const char* kSecretKey = "Gu5t9xGARNpq86cd98joQYCN3Cozk1qA";

const vod::VodSettings& settings() {
  static const vod::VodSettings s = [] {
    vod::VodSettings out;
    out.secrets.push_back(vod::VodSecret{kSecretId, kSecretKey, 100});
    return out;
  }();
  return s;
}

bool is_common(const std::string& name) {
  for (const char* common : {"Action", "SecretId", "Signature", "Nonce", "Timestamp", "SignatureMethod"}) {
    if (name == common) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const std::string method = in.ConsumeBool() ? "GET" : in.ConsumeRandomLengthString(8);
  const std::string host = in.ConsumeRandomLengthString(64);
  const std::string method_name = in.ConsumeRandomLengthString(12);
  const bool sha256 = in.ConsumeBool();
  const uint64_t nonce = in.ConsumeIntegral<uint64_t>();
  const auto parsed = tg::adapters::parse_query(in.ConsumeRemainingBytesAsString());
  if (!parsed) return 0;
  const Params& params = *parsed;

  auto parsed_method = tg::signing::parse_tencent_v2_method(method_name);
  FUZZ_CHECK(parsed_method.has_value() ==
             (method_name.empty() || method_name == "HmacSHA1" || method_name == "HmacSHA256"));

  const std::string to_sign = tg::signing::tencent_v2_string_to_sign(method, host, vod::kV2Path, params);
  FUZZ_CHECK(to_sign.rfind(method + host + std::string(vod::kV2Path) + "?", 0) == 0);
  // The Signature parameter is never part of what it signs.
  Params without_signature;
  for (const auto& p : params) {
    if (p.first != "Signature") without_signature.push_back(p);
  }
  FUZZ_CHECK(tg::signing::tencent_v2_string_to_sign(method, host, vod::kV2Path, without_signature) == to_sign);
  // Names sort: with distinct names (after '_' reads as '.'), the order they came in does not matter.
  std::set<std::string> names;
  for (const auto& [name, value] : without_signature) {
    std::string key = name;
    std::replace(key.begin(), key.end(), '_', '.');
    names.insert(key);
  }
  if (names.size() == without_signature.size()) {
    Params reversed(without_signature.rbegin(), without_signature.rend());
    FUZZ_CHECK(tg::signing::tencent_v2_string_to_sign(method, host, vod::kV2Path, reversed) == to_sign);
  }
  const auto kind = sha256 ? tg::signing::TencentV2Method::kHmacSha256 : tg::signing::TencentV2Method::kHmacSha1;
  const std::string signature = tg::signing::tencent_v2_signature(to_sign, kSecretKey, kind);
  const auto raw = tg::signing::base64_decode(signature);
  FUZZ_CHECK(raw && raw->size() == (sha256 ? 32u : 20u));

  // A request signed with the configured key over the fuzzed parameters plus the common ones.
  Params request;
  for (const auto& p : params) {
    if (!is_common(p.first)) request.push_back(p);
  }
  request.emplace_back("Action", "GetTaskInfo");
  request.emplace_back("SecretId", kSecretId);
  request.emplace_back("Nonce", std::to_string(nonce));
  request.emplace_back("Timestamp", std::to_string(kNow - 60));
  if (sha256) request.emplace_back("SignatureMethod", "HmacSHA256");
  const std::string request_to_sign = tg::signing::tencent_v2_string_to_sign("POST", host, vod::kV2Path, request);
  request.emplace_back("Signature", tg::signing::tencent_v2_signature(request_to_sign, kSecretKey, kind));
  bool repeated = false;
  for (std::size_t i = 0; i < request.size() && !repeated; ++i) {
    for (std::size_t j = 0; j < i; ++j) repeated = repeated || request[i].first == request[j].first;
  }

  tg::signing::NonceCache nonces;
  tg::adapters::SlidingWindowLimiter limiter;
  tg::adapters::SeparateCallAdmission admission(nonces, limiter);
  vod::VodAuthenticator authenticator(settings(), admission);
  // Another method, another host, or any changed value is not what was signed.
  FUZZ_CHECK(!authenticator.authenticate("GET", host, request, kNow * 1000).ok());
  FUZZ_CHECK(!authenticator.authenticate("POST", host + "x", request, kNow * 1000).ok());
  if (request.size() > 5) {
    Params changed = request;
    changed.front().second += "x";
    FUZZ_CHECK(!authenticator.authenticate("POST", host, changed, kNow * 1000).ok());
  }
  auto first = authenticator.authenticate("POST", host, request, kNow * 1000);
  // A repeated name makes what was signed ambiguous: refused however it is signed.
  FUZZ_CHECK(first.ok() == !repeated);
  if (first.ok()) {
    FUZZ_CHECK((*first)->secret_id == kSecretId);
    FUZZ_CHECK(!authenticator.authenticate("POST", host, request, kNow * 1000).ok());  // the Nonce is used up
  }
  return 0;
}
