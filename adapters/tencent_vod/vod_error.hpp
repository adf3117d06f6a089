#pragma once
// Tencent Cloud API 2.0 return codes used by the VOD v2 front door, and an error value carrying one.

#include <string>
#include <utility>

namespace tg::adapters::tencent_vod {

namespace vod_code {
constexpr int kSuccess = 0;
constexpr int kInternal = 1;             // VOD: internal error (store failure, queue full)
constexpr int kInvalidParameter = 1000;  // VOD: an action parameter is missing or wrong
constexpr int kInvalidRequest = 4000;    // common: a common parameter is missing or malformed, unknown Action
constexpr int kAuthFailed = 4100;        // common: the Signature does not match
constexpr int kSecretIdNotFound = 4104;  // common: no such SecretId
constexpr int kQuotaExceeded = 4400;     // common: over the SecretId's calls per minute
constexpr int kReplay = 4500;            // common: Nonce reused or Timestamp more than 2 hours off
constexpr int kTaskNotFound = 70014;     // GetTaskInfo: no such task
}  // namespace vod_code

/// The `status` of a failed task in the v4.0 events and in GetTaskInfo's errCode.
constexpr int kTaskFailedStatus = -43001;

struct VodError {
  int code = vod_code::kInternal;
  std::string message;
};

inline VodError invalid_parameter(std::string message) {
  return {vod_code::kInvalidParameter, std::move(message)};
}
inline VodError invalid_request(std::string message) {
  return {vod_code::kInvalidRequest, std::move(message)};
}

/// The error for a call whose quota or Nonce could not be checked (the shared store is unavailable): an
/// internal error, never a quota refusal and never an accepted call.
inline VodError unavailable_error() {
  return {vod_code::kInternal, "internal error: the service is temporarily unavailable, try again later"};
}

/// The `codeDesc` of a response: "Success" or the error's short name.
const char* code_desc(int code);

}  // namespace tg::adapters::tencent_vod
