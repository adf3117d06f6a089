#pragma once
// Tencent Cloud API 2.0 request authentication for the VOD v2 front door: common parameters, SecretId,
// Timestamp window, HmacSHA1/HmacSHA256 signature (compared in constant time) and Nonce replay.

#include <cstdint>
#include <functional>
#include <string_view>

#include "adapters/common/rate_limiter.hpp"
#include "adapters/tencent_vod/vod_error.hpp"
#include "adapters/tencent_vod/vod_settings.hpp"
#include "core/result.hpp"
#include "signing/replay_cache.hpp"
#include "signing/params.hpp"

namespace tg::adapters::tencent_vod {

/// The path every v2 request is signed with.
inline constexpr std::string_view kV2Path = "/v2/index.php";

class VodAuthenticator {
 public:
  /// Admission control (the SecretId's requests_per_minute over one-minute windows) asked after the
  /// signature and replay checks and before the Nonce is used up; kRefused refuses the call as over the
  /// quota, kUnavailable as an internal error.
  using Admit = std::function<Admission(const VodSecret& secret)>;

  /// `settings` and `nonces` must outlive the authenticator.
  VodAuthenticator(const VodSettings& settings, signing::ReplayCache& nonces);

  /// The key that signed `params` (all request parameters, decoded) sent with `method` ("GET"/"POST")
  /// to `host`, its Nonce now used up; settings.host, when set, replaces `host`. Errors: 4000 missing or
  /// malformed common parameter, 4104 unknown SecretId, 4500 Timestamp out of the window or Nonce reused,
  /// 4100 bad Signature, 4400 `admit` refused or the SecretId holds as many unexpired Nonces as its quota
  /// allows, 1 `admit` or the nonce cache unavailable. A refused call never uses up its Nonce.
  tg::Result<const VodSecret*, VodError> authenticate(std::string_view method, std::string_view host,
                                                      const signing::Params& params, int64_t now_s,
                                                      const Admit& admit = {});

 private:
  const VodSettings& settings_;
  signing::ReplayCache& nonces_;
};

/// The 4400 answer for a call over `secret`'s requests_per_minute.
VodError quota_error(const VodSecret& secret);

/// The first value of `name` in `params`, or nullptr.
const std::string* find_param(const signing::Params& params, std::string_view name);

}  // namespace tg::adapters::tencent_vod
