#include "adapters/zego/zego_authenticator.hpp"

#include <string>

#include "adapters/zego/zego_numbers.hpp"
#include "signing/constant_time.hpp"
#include "signing/zego_signature.hpp"

namespace tg::adapters::zego {
namespace {

constexpr std::size_t kMaxNonceLength = 128;

ZegoError param_error(std::string message) { return {ZegoCode::kParam, std::move(message)}; }
ZegoError auth_error(std::string message) { return {ZegoCode::kAuth, "authentication failed: " + std::move(message)}; }

}  // namespace

ZegoAuthenticator::ZegoAuthenticator(const ZegoSettings& settings, signing::NonceCache& nonces)
    : settings_(settings), nonces_(nonces) {}

tg::Result<const ZegoApp*, ZegoError> ZegoAuthenticator::authenticate(const ApiRequest& request,
                                                                       int64_t now_s) {
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
  const ZegoApp* app = settings_.find_app(app_id);
  if (app == nullptr) return tg::unexpected(auth_error("unknown AppId " + app_id));

  const int64_t window = settings_.timestamp_window_s;
  if (*timestamp < now_s - window || *timestamp > now_s + window) {
    return tg::unexpected(auth_error("Timestamp " + timestamp_text + " is more than " +
                                     std::to_string(window) + " s away from the server time " +
                                     std::to_string(now_s)));
  }
  const std::string expected = signing::zego_signature(app_id, nonce, app->server_secret, timestamp_text);
  if (!signing::constant_time_equals(expected, signature)) {
    return tg::unexpected(auth_error("Signature does not match"));
  }
  // Only a correctly signed request may use up a nonce. It is remembered until its Timestamp leaves the
  // window, after which the request is refused as expired anyway.
  const int64_t ttl_ms = (*timestamp + window - now_s + 1) * 1000;
  if (!nonces_.remember("zego:" + app_id, nonce, now_s * 1000, ttl_ms)) {
    return tg::unexpected(auth_error("SignatureNonce " + nonce + " was already used"));
  }
  return app;
}

}  // namespace tg::adapters::zego
