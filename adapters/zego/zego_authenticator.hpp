#pragma once
// ZEGO common-parameter authentication: Signature 2.0, the ±10 minute Timestamp window and one use of
// each SignatureNonce per AppId.

#include <cstdint>
#include <functional>

#include "adapters/common/rate_limiter.hpp"
#include "adapters/zego/zego_error.hpp"
#include "adapters/zego/zego_settings.hpp"
#include "core/api_message.hpp"
#include "core/result.hpp"
#include "signing/replay_cache.hpp"

namespace tg::adapters::zego {

class ZegoAuthenticator {
 public:
  /// Admission control (the AppId's requests_per_second over one-second windows) asked after the
  /// signature and replay checks and before the SignatureNonce is used up; kRefused refuses the call as
  /// too frequent, kUnavailable as an internal error.
  using Admit = std::function<Admission(const ZegoApp& app)>;

  /// Both must outlive the authenticator; `nonces` may be shared with other front doors (scoped by AppId).
  ZegoAuthenticator(const ZegoSettings& settings, signing::ReplayCache& nonces);

  /// The app that signed `request`, its SignatureNonce now used up. Code 2: a common parameter (AppId,
  /// Signature, SignatureNonce, Timestamp) absent or malformed; Code 7: SignatureVersion not 2.0, expired
  /// Timestamp, unknown AppId or wrong Signature (one message for both), or a SignatureNonce this AppId
  /// already used; Code 6: `admit` refused, or the AppId holds as many unexpired nonces as its rate allows;
  /// Code 1000: `admit` or the nonce cache unavailable. A refused call never uses up its nonce.
  tg::Result<const ZegoApp*, ZegoError> authenticate(const ApiRequest& request, int64_t now_s,
                                                      const Admit& admit = {});

 private:
  const ZegoSettings& settings_;
  signing::ReplayCache& nonces_;
};

}  // namespace tg::adapters::zego
