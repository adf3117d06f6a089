#pragma once
// The MPC thumbnail calls' body and query -> validated requests. Pure: no I/O, no clock. Every refusal
// is 400 MPC.10202 naming the field and the rule.

#include <string_view>

#include "adapters/huawei_mpc/mpc_error.hpp"
#include "adapters/huawei_mpc/thumbnail_request.hpp"
#include "core/api_message.hpp"
#include "core/result.hpp"

namespace tg::adapters::huawei_mpc {

inline constexpr std::size_t kMaxBodyBytes = 64 * 1024;
inline constexpr std::size_t kMaxTaskIds = 10;

/// The JSON body of POST /v1/{project_id}/thumbnails.
tg::Result<CreateThumbnailsRequest, MpcError> parse_create(std::string_view body);

/// The query of GET /v1/{project_id}/thumbnails.
tg::Result<ListThumbnailsRequest, MpcError> parse_list(const ApiRequest& request);

/// The query of DELETE /v1/{project_id}/thumbnails.
tg::Result<CancelThumbnailsRequest, MpcError> parse_cancel(const ApiRequest& request);

/// True when `key` is an object key or folder prefix that stays inside its bucket: at most 1024 bytes,
/// not starting with '/', no '..' segment, no '\\', NUL or other control characters.
bool is_safe_object_key(std::string_view key);

/// "yyyymmddhhmmss" (UTC) -> Unix milliseconds; nullopt when malformed or not a real date from 1970 on.
std::optional<int64_t> parse_mpc_time(std::string_view text);

}  // namespace tg::adapters::huawei_mpc
