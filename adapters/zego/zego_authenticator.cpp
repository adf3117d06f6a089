#include "adapters/zego/zego_authenticator.hpp"

#include <string>

#include "adapters/common/numbers.hpp"
#include "signing/constant_time.hpp"
#include "signing/zego_signature.hpp"

namespace tg::adapters::zego {
namespace {

constexpr std::size_t kMaxNonceLength = 128;
constexpr int64_t kSecondMs = 1000;

ZegoError param_error(std::string message) { return {ZegoCode::kParam, std::move(message)}; }
ZegoError auth_error(std::string message) { return {ZegoCode::kAuth, "authentication failed: " + std::move(message)}; }

std::string replay_scope(const ZegoApp& app) { return "zego:" + app.app_id; }

}  // namespace

ZegoAuthenticator::ZegoAuthenticator(const ZegoSettings& settings, CallAdmission& admission)
    : settings_(settings), admission_(admission) {}

tg::Result<const ZegoApp*, ZegoError> ZegoAuthenticator::authenticate(const ApiRequest& request, int64_t now_ms) {
  const int64_t now_s = now_ms / kSecondMs;
  for (const char* name : {"AppId", "Signature", "SignatureNonce", "Timestamp"}) {
    auto value = request.query_value(name);
    if (!value || value->empty()) {
      return tg::unexpected(param_error(std::string("parameter ") + name + " is missing"));
    }
  }
  const std::string app_id = *request.query_value("AppId");
  const std::string signature = *request.query_value("Signature");
  const std::string nonce = *request.query_value("SignatureNonce");
  const std::string timestamp_text = *request.query_value("Timestamp");

  if (request.query_value("SignatureVersion").value_or("") != "2.0") {
    return tg::unexpected(auth_error("SignatureVersion must be 2.0"));
  }
  if (!parse_uint32(app_id)) {
    return tg::unexpected(param_error("AppId \"" + app_id + "\" is not a Uint32"));
  }
  const auto timestamp = parse_int64(timestamp_text);
  if (!timestamp) {
    return tg::unexpected(param_error("Timestamp \"" + timestamp_text + "\" is not Unix seconds (Int64)"));
  }
  if (nonce.size() > kMaxNonceLength) {
    return tg::unexpected(param_error("SignatureNonce is longer than " + std::to_string(kMaxNonceLength) +
                                      " characters"));
  }
  // Checked before the AppId is looked up, so that no answer differs between known and unknown AppIds.
  const int64_t window = settings_.timestamp_window_s;
  if (*timestamp < now_s - window || *timestamp > now_s + window) {
    return tg::unexpected(auth_error("Timestamp " + timestamp_text + " is more than " +
                                     std::to_string(window) + " s away from the server time " +
                                     std::to_string(now_s)));
  }
  // An unknown AppId costs the same digest and gets the same answer as a wrong Signature.
  const ZegoApp* app = settings_.find_app(app_id);
  const std::string expected =
      signing::zego_signature(app_id, nonce, app ? app->server_secret : std::string(), timestamp_text);
  if (!signing::constant_time_equals(expected, signature) || app == nullptr) {
    return tg::unexpected(auth_error("unknown AppId or wrong Signature"));
  }

  // The SignatureNonce is used up only by a call the AppId's requests_per_second admits, and remembered
  // until its Timestamp leaves the window, after which the request is refused as expired anyway.
  const std::string scope = replay_scope(*app);
  const int64_t expires_ms = (*timestamp + window + 1) * kSecondMs;
  const CallClaim claim{
      .scope = scope,
      .nonce = nonce,
      .expires_ms = expires_ms,
      .capacity = signing::replay_capacity(app->requests_per_second, kSecondMs, (2 * window + 1) * kSecondMs),
      .charge = RateCharge{.key = scope, .limit = app->requests_per_second, .window_ms = kSecondMs}};
  switch (admission_.admit(claim, now_ms)) {
    case CallVerdict::kAdmitted: return app;
    case CallVerdict::kReplay: return tg::unexpected(auth_error("SignatureNonce " + nonce + " was already used"));
    case CallVerdict::kRateLimited:
    case CallVerdict::kNoncesFull: break;
    case CallVerdict::kUnavailable: return tg::unexpected(unavailable_error());
  }
  return tg::unexpected(too_frequent_error());
}

}  // namespace tg::adapters::zego
