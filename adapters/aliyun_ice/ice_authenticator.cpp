#include "adapters/aliyun_ice/ice_authenticator.hpp"

#include "signing/aliyun_rpc_signature.hpp"
#include "signing/constant_time.hpp"
#include "core/time_format.hpp"

namespace tg::adapters::aliyun_ice {
namespace {

constexpr std::size_t kMaxNonceLength = 128;
constexpr int64_t kSecondMs = 1000;

}  // namespace

const std::string* find_param(const signing::Params& params, std::string_view name) {
  for (const auto& [key, value] : params) {
    if (key == name) return &value;
  }
  return nullptr;
}

IceAuthenticator::IceAuthenticator(const IceSettings& settings, CallAdmission& admission)
    : settings_(settings), admission_(admission) {}

tg::Result<const IceAccessKey*, IceError> IceAuthenticator::authenticate(std::string_view method,
                                                                         const signing::Params& params, int64_t now_ms) {
  const int64_t now_s = now_ms / kSecondMs;
  for (const char* name : {"AccessKeyId", "Signature", "SignatureMethod", "SignatureNonce", "SignatureVersion",
                           "Timestamp"}) {
    const std::string* value = find_param(params, name);
    if (value == nullptr || value->empty()) return tg::unexpected(missing_parameter(name));
  }
  const std::string& signature_method = *find_param(params, "SignatureMethod");
  if (signature_method != "HMAC-SHA1") return tg::unexpected(invalid_signature_method(signature_method));
  const std::string& signature_version = *find_param(params, "SignatureVersion");
  if (signature_version != "1.0") {
    return tg::unexpected(IceError{400, "InvalidSignatureVersion", "Specified signature version is not valid: use 1.0."});
  }
  const std::string& timestamp_text = *find_param(params, "Timestamp");
  const auto timestamp = parse_iso8601_utc_seconds(timestamp_text);
  if (!timestamp) return tg::unexpected(timestamp_format(timestamp_text));
  const std::string& nonce = *find_param(params, "SignatureNonce");
  if (nonce.size() > kMaxNonceLength) {
    return tg::unexpected(invalid_parameter("SignatureNonce is longer than " + std::to_string(kMaxNonceLength) +
                                            " characters"));
  }
  const IceAccessKey* key = settings_.find_key(*find_param(params, "AccessKeyId"));
  if (key == nullptr) return tg::unexpected(access_key_not_found());
  const int64_t window = settings_.timestamp_window_s;
  if (*timestamp < now_s - window || *timestamp > now_s + window) return tg::unexpected(timestamp_expired(timestamp_text));

  const std::string expected =
      signing::aliyun_rpc_signature(key->secret, signing::aliyun_string_to_sign(method, params));
  if (!signing::constant_time_equals(expected, *find_param(params, "Signature"))) {
    return tg::unexpected(signature_does_not_match());
  }
  // The nonce is used up only by a call the key's rate limit admits, and remembered until its Timestamp
  // leaves the window.
  const std::string scope = "aliyun_ice:" + key->id;
  const CallClaim claim{
      .scope = scope,
      .nonce = nonce,
      .expires_ms = (*timestamp + window + 1) * kSecondMs,
      .capacity = signing::replay_capacity(settings_.requests_per_second, kSecondMs, (2 * window + 1) * kSecondMs),
      .charge = RateCharge{.key = scope, .limit = settings_.requests_per_second, .window_ms = kSecondMs}};
  switch (admission_.admit(claim, now_ms)) {
    case CallVerdict::kAdmitted: return key;
    case CallVerdict::kReplay: return tg::unexpected(nonce_used());
    case CallVerdict::kRateLimited:
    case CallVerdict::kNoncesFull: break;
    case CallVerdict::kUnavailable: return tg::unexpected(unavailable());
  }
  return tg::unexpected(throttling());
}

}  // namespace tg::adapters::aliyun_ice
