#pragma once
// Tencent Cloud API 2.0 request authentication for the VOD v2 front door: common parameters, SecretId,
// Timestamp window, HmacSHA1/HmacSHA256 signature (compared in constant time) and Nonce replay.

#include <cstdint>
#include <string_view>

#include "adapters/common/call_admission.hpp"
#include "adapters/tencent_vod/vod_error.hpp"
#include "adapters/tencent_vod/vod_settings.hpp"
#include "core/result.hpp"
#include "signing/params.hpp"

namespace tg::adapters::tencent_vod {

/// The path every v2 request is signed with.
inline constexpr std::string_view kV2Path = "/v2/index.php";

class VodAuthenticator {
 public:
  /// `settings` and `admission` must outlive the authenticator; `admission` may be shared with other front
  /// doors (its nonce scopes and rate keys are "tencent_vod:" + SecretId).
  VodAuthenticator(const VodSettings& settings, CallAdmission& admission);

  /// The key that signed `params` (all request parameters, decoded) sent with `method` ("GET"/"POST") to
  /// `host` at now_ms (Unix ms; the Timestamp window is checked in its whole seconds), its Nonce now used up
  /// and the call counted against the SecretId's requests_per_minute (one-minute windows); settings.host,
  /// when set, replaces `host`. Errors: 4000 missing or malformed common parameter, 4104 unknown SecretId,
  /// 4500 Timestamp out of the window or Nonce reused, 4100 bad Signature, 4400 the quota spent or the
  /// SecretId holding as many unexpired Nonces as its quota allows, 1 the shared limiter or nonce store
  /// unavailable. A refused call never uses up its Nonce.
  tg::Result<const VodSecret*, VodError> authenticate(std::string_view method, std::string_view host,
                                                      const signing::Params& params, int64_t now_ms);

 private:
  const VodSettings& settings_;
  CallAdmission& admission_;
};

/// The 4400 answer for a call over `secret`'s requests_per_minute.
VodError quota_error(const VodSecret& secret);

/// The first value of `name` in `params`, or nullptr.
const std::string* find_param(const signing::Params& params, std::string_view name);

}  // namespace tg::adapters::tencent_vod
