#pragma once
// Alibaba Cloud RPC request authentication for the ICE front door: common parameters, AccessKeyId,
// Timestamp within 15 minutes, the V1.0 HMAC-SHA1 signature (compared in constant time), a rate limit per
// AccessKeyId and SignatureNonce used once per AccessKeyId.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "adapters/aliyun_ice/ice_error.hpp"
#include "adapters/common/rate_limiter.hpp"
#include "adapters/aliyun_ice/ice_settings.hpp"
#include "core/result.hpp"
#include "signing/params.hpp"
#include "signing/replay_cache.hpp"

namespace tg::adapters::aliyun_ice {

/// The first value of `name` in `params`, or nullptr.
const std::string* find_param(const signing::Params& params, std::string_view name);

class IceAuthenticator {
 public:
  /// Asked after the signature and replay checks, before the nonce is used up; kRefused refuses the call
  /// (400 Throttling.User), kUnavailable answers 503 ServiceUnavailable.
  using Admit = std::function<Admission(const IceAccessKey& key)>;

  /// `settings` and `nonces` must outlive the authenticator.
  IceAuthenticator(const IceSettings& settings, signing::ReplayCache& nonces);

  /// The key that signed `params` (every request parameter, decoded, each name once) sent with `method`,
  /// its SignatureNonce now used up. A refused call never uses up its nonce; a nonce cache or `admit` that
  /// cannot decide gives 503 ServiceUnavailable.
  tg::Result<const IceAccessKey*, IceError> authenticate(std::string_view method, const signing::Params& params,
                                                         int64_t now_s, const Admit& admit = {});

 private:
  const IceSettings& settings_;
  signing::ReplayCache& nonces_;
};

}  // namespace tg::adapters::aliyun_ice
