#pragma once
// Alibaba Cloud RPC request authentication for the ICE front door: common parameters, AccessKeyId,
// Timestamp within 15 minutes, the V1.0 HMAC-SHA1 signature (compared in constant time), a rate limit per
// AccessKeyId and SignatureNonce used once per AccessKeyId.

#include <cstdint>
#include <string>
#include <string_view>

#include "adapters/aliyun_ice/ice_error.hpp"
#include "adapters/common/call_admission.hpp"
#include "adapters/aliyun_ice/ice_settings.hpp"
#include "core/result.hpp"
#include "signing/params.hpp"

namespace tg::adapters::aliyun_ice {

/// The first value of `name` in `params`, or nullptr.
const std::string* find_param(const signing::Params& params, std::string_view name);

class IceAuthenticator {
 public:
  /// `settings` and `admission` must outlive the authenticator; `admission` may be shared with other front
  /// doors (its nonce scopes and rate keys are "aliyun_ice:" + AccessKeyId).
  IceAuthenticator(const IceSettings& settings, CallAdmission& admission);

  /// The key that signed `params` (every request parameter, decoded, each name once) sent with `method` at
  /// now_ms (Unix ms; the Timestamp window is checked in its whole seconds), its SignatureNonce now used up
  /// and the call counted against requests_per_second. The rate spent is 400 Throttling.User; a refused call
  /// never uses up its nonce; a shared limiter or nonce store that cannot decide gives 503
  /// ServiceUnavailable.
  tg::Result<const IceAccessKey*, IceError> authenticate(std::string_view method, const signing::Params& params,
                                                         int64_t now_ms);

 private:
  const IceSettings& settings_;
  CallAdmission& admission_;
};

}  // namespace tg::adapters::aliyun_ice
