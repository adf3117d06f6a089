#pragma once
// ZEGO common-parameter authentication: Signature 2.0, the ±10 minute Timestamp window and one use of
// each SignatureNonce per AppId.

#include <cstdint>

#include "adapters/zego/zego_error.hpp"
#include "adapters/zego/zego_settings.hpp"
#include "core/api_message.hpp"
#include "core/result.hpp"
#include "signing/nonce_cache.hpp"

namespace tg::adapters::zego {

class ZegoAuthenticator {
 public:
  /// Both must outlive the authenticator; `nonces` may be shared with other front doors (scoped by AppId).
  ZegoAuthenticator(const ZegoSettings& settings, signing::NonceCache& nonces);

  /// The app that signed `request`. Code 2: a common parameter (AppId, Signature, SignatureNonce,
  /// Timestamp) absent or malformed; Code 7: SignatureVersion not 2.0, unknown AppId, expired
  /// Timestamp, wrong Signature, or a SignatureNonce already used by this AppId.
  tg::Result<const ZegoApp*, ZegoError> authenticate(const ApiRequest& request, int64_t now_s);

 private:
  const ZegoSettings& settings_;
  signing::NonceCache& nonces_;
};

}  // namespace tg::adapters::zego
