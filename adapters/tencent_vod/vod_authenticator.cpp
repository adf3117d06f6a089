#include "adapters/tencent_vod/vod_authenticator.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_set>

#include "adapters/common/numbers.hpp"
#include "signing/constant_time.hpp"
#include "signing/tencent_v2_signature.hpp"

namespace tg::adapters::tencent_vod {
namespace {

constexpr std::size_t kMaxNonceDigits = 20;
constexpr std::size_t kMaxSecretIdLength = 128;
constexpr int64_t kSecondMs = 1000;
constexpr int64_t kMinuteMs = 60'000;

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

const std::string* find_param(const signing::Params& params, std::string_view name) {
  for (const auto& [key, value] : params) {
    if (key == name) return &value;
  }
  return nullptr;
}

VodError quota_error(const VodSecret& secret) {
  return VodError{vod_code::kQuotaExceeded, "request quota exceeded: over " +
                                                std::to_string(secret.requests_per_minute) +
                                                " calls per minute for this SecretId"};
}

VodAuthenticator::VodAuthenticator(const VodSettings& settings, CallAdmission& admission)
    : settings_(settings), admission_(admission) {}

tg::Result<const VodSecret*, VodError> VodAuthenticator::authenticate(std::string_view method, std::string_view host,
                                                                      const signing::Params& params, int64_t now_ms) {
  const int64_t now_s = now_ms / kSecondMs;
  // One value per name: a repeated parameter would make "what was signed" ambiguous.
  std::unordered_set<std::string_view> names;
  names.reserve(params.size());
  for (const auto& [name, value] : params) {
    if (!names.insert(name).second) {
      return tg::unexpected(invalid_request("parameter " + name + " appears more than once"));
    }
  }
  for (const char* name : {"Action", "SecretId", "Signature", "Nonce", "Timestamp"}) {
    const std::string* value = find_param(params, name);
    if (value == nullptr || value->empty()) {
      return tg::unexpected(invalid_request(std::string("common parameter ") + name + " is missing"));
    }
  }
  const std::string& secret_id = *find_param(params, "SecretId");
  const std::string& signature = *find_param(params, "Signature");
  const std::string& nonce = *find_param(params, "Nonce");
  const std::string& timestamp_text = *find_param(params, "Timestamp");
  const std::string* method_text = find_param(params, "SignatureMethod");

  auto signature_method = signing::parse_tencent_v2_method(method_text ? *method_text : "");
  if (!signature_method) {
    return tg::unexpected(invalid_request("SignatureMethod \"" + *method_text + "\" is not HmacSHA1 or HmacSHA256"));
  }
  const auto timestamp = all_digits(timestamp_text) ? parse_int64(timestamp_text) : std::nullopt;
  if (!timestamp) {
    return tg::unexpected(invalid_request("Timestamp \"" + timestamp_text + "\" is not Unix seconds"));
  }
  if (!all_digits(nonce) || nonce.size() > kMaxNonceDigits) {
    return tg::unexpected(
        invalid_request("Nonce must be a positive integer of at most " + std::to_string(kMaxNonceDigits) + " digits"));
  }
  if (secret_id.size() > kMaxSecretIdLength) {
    return tg::unexpected(
        invalid_request("SecretId is longer than " + std::to_string(kMaxSecretIdLength) + " characters"));
  }
  const VodSecret* secret = settings_.find_secret(secret_id);
  if (secret == nullptr) return tg::unexpected(VodError{vod_code::kSecretIdNotFound, "SecretId does not exist"});

  const int64_t window = settings_.timestamp_window_s;
  if (*timestamp < now_s - window || *timestamp > now_s + window) {
    return tg::unexpected(VodError{vod_code::kReplay, "Timestamp " + timestamp_text + " is more than " +
                                                          std::to_string(window) + " s away from the server time " +
                                                          std::to_string(now_s)});
  }
  const std::string_view signed_host = settings_.host.empty() ? host : std::string_view(settings_.host);
  const std::string to_sign = signing::tencent_v2_string_to_sign(method, signed_host, kV2Path, params);
  const std::string expected = signing::tencent_v2_signature(to_sign, secret->secret_key, *signature_method);
  if (!signing::constant_time_equals(expected, signature)) {
    return tg::unexpected(VodError{vod_code::kAuthFailed, "authentication failed: Signature does not match"});
  }
  // The Nonce is used up only by a call the SecretId's requests_per_minute admits, and remembered until its
  // Timestamp leaves the window, after which the request is refused as stale anyway.
  const std::string scope = "tencent_vod:" + secret_id;
  const CallClaim claim{
      .scope = scope,
      .nonce = nonce,
      .expires_ms = (*timestamp + window + 1) * kSecondMs,
      .capacity = signing::replay_capacity(secret->requests_per_minute, kMinuteMs, (2 * window + 1) * kSecondMs),
      .charge = RateCharge{.key = scope, .limit = secret->requests_per_minute, .window_ms = kMinuteMs}};
  switch (admission_.admit(claim, now_ms)) {
    case CallVerdict::kAdmitted: return secret;
    case CallVerdict::kReplay: return tg::unexpected(VodError{vod_code::kReplay, "Nonce " + nonce + " was already used"});
    case CallVerdict::kRateLimited:
    case CallVerdict::kNoncesFull: break;
    case CallVerdict::kUnavailable: return tg::unexpected(unavailable_error());
  }
  return tg::unexpected(quota_error(*secret));
}

}  // namespace tg::adapters::tencent_vod
