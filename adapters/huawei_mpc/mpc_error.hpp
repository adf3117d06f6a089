#pragma once
// Huawei Cloud's error shape: HTTP status and {"error_code": "...", "error_msg": "..."}, as MPC answers
// its own errors (MPC.xxxxx) and the API gateway answers authentication failures (APIGW.xxxx).

#include <string>

#include "core/api_message.hpp"

namespace tg::adapters::huawei_mpc {

struct MpcError {
  int http_status = 400;
  std::string code;     // e.g. "MPC.10202", "APIGW.0301"
  std::string message;  // error_msg

  /// 400 MPC.10202 "Invalid request parameter: <detail>".
  static MpcError invalid_parameter(const std::string& detail);
  /// 401 APIGW.0301 "Incorrect IAM authentication information: <detail>".
  static MpcError authentication(const std::string& detail);
  /// 429 APIGW.0308 "The throttling threshold has been reached: ...".
  static MpcError throttled(const std::string& detail);
  /// 500 MPC.10201 "Internal error: <detail>" (nothing of the server's paths or libraries).
  static MpcError internal(const std::string& detail);
  /// 503 MPC.10201 (as for a full queue) for a call whose rate limit could not be checked (the shared store is unavailable):
  /// never a throttling answer and never an accepted call.
  static MpcError unavailable();
};

/// The error as Huawei answers it.
ApiResponse render_error(const MpcError& error);

}  // namespace tg::adapters::huawei_mpc
