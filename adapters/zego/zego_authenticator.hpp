#pragma once
// ZEGO common-parameter authentication: Signature 2.0, the ±10 minute Timestamp window and one use of
// each SignatureNonce per AppId.

#include <cstdint>

#include "adapters/common/call_admission.hpp"
#include "adapters/zego/zego_error.hpp"
#include "adapters/zego/zego_settings.hpp"
#include "core/api_message.hpp"
#include "core/result.hpp"

namespace tg::adapters::zego {

class ZegoAuthenticator {
 public:
  /// Both must outlive the authenticator; `admission` may be shared with other front doors (its nonce scopes
  /// and rate keys are "zego:" + AppId).
  ZegoAuthenticator(const ZegoSettings& settings, CallAdmission& admission);

  /// The app that signed `request` at now_ms (Unix ms; the Timestamp window is checked in its whole seconds,
  /// the rate at the millisecond), its SignatureNonce now used up and the call counted against the AppId's
  /// requests_per_second. Code 2: a common parameter (AppId, Signature, SignatureNonce, Timestamp) absent or
  /// malformed; Code 7: SignatureVersion not 2.0, expired Timestamp, unknown AppId or wrong Signature (one
  /// message for both), or a SignatureNonce this AppId already used; Code 6: the AppId's rate spent, or the
  /// AppId holds as many unexpired nonces as its rate allows; Code 1000: the shared limiter or nonce store
  /// unavailable. A refused call never uses up its nonce.
  tg::Result<const ZegoApp*, ZegoError> authenticate(const ApiRequest& request, int64_t now_ms);

 private:
  const ZegoSettings& settings_;
  CallAdmission& admission_;
};

}  // namespace tg::adapters::zego
