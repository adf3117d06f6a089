#pragma once
// Checks the AK/SK signature (SDK-HMAC-SHA256) of an MPC request: a known AK, an X-Sdk-Date within the
// window, host among the signed headers, every signed header present, the signature over the body as
// received (X-Sdk-Content-Sha256, when sent, signed and either the body's hash or UNSIGNED-PAYLOAD), and
// the path's project_id the AK's own. Every refusal is 401 APIGW.0301.

#include <cstdint>
#include <string_view>

#include "adapters/huawei_mpc/mpc_error.hpp"
#include "adapters/huawei_mpc/mpc_settings.hpp"
#include "core/api_message.hpp"
#include "core/result.hpp"

namespace tg::adapters::huawei_mpc {

/// "yyyyMMddTHHmmssZ" (UTC) -> Unix seconds; nullopt when malformed.
std::optional<int64_t> parse_sdk_date(std::string_view text);

/// The credential that signed `request`, for the project `project_id` named in its path.
tg::Result<const MpcCredential*, MpcError> authenticate(const ApiRequest& request, std::string_view project_id,
                                                        const MpcSettings& settings, int64_t now_s);

}  // namespace tg::adapters::huawei_mpc
