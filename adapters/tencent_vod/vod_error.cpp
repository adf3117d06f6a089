#include "adapters/tencent_vod/vod_error.hpp"

namespace tg::adapters::tencent_vod {

const char* code_desc(int code) {
  switch (code) {
    case vod_code::kSuccess: return "Success";
    case vod_code::kInternal: return "InternalError";
    case vod_code::kInvalidParameter: return "InvalidParameter";
    case vod_code::kInvalidRequest: return "InvalidRequest";
    case vod_code::kAuthFailed: return "AuthFailure";
    case vod_code::kSecretIdNotFound: return "SecretIdNotFound";
    case vod_code::kQuotaExceeded: return "QuotaExceeded";
    case vod_code::kReplay: return "ReplayAttack";
    case vod_code::kTaskNotFound: return "TaskNotExist";
  }
  return "Failed";
}

}  // namespace tg::adapters::tencent_vod
