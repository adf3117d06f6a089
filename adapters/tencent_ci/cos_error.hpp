#pragma once
// COS error codes with their HTTP statuses (doc 436/7730) and the XML error body COS answers with.

#include <string>

#include "adapters/common/xml_text.hpp"
#include "core/api_message.hpp"

namespace tg::adapters::tencent_ci {

enum class CosErrorCode {
  kAccessDenied,           // 403: anonymous on a private bucket, key not allowed, expired signature
  kInvalidAccessKeyId,     // 403: unknown SecretId
  kSignatureDoesNotMatch,  // 403
  kRequestTimeTooSkewed,   // 403: q-sign-time starts in the future
  kInvalidArgument,        // 400: a bad snapshot parameter or a malformed signature
  kInvalidRequest,         // 400: the object is not a video the engine can decode
  kNoSuchKey,              // 404
  kNoSuchBucket,           // 404
  kMethodNotAllowed,       // 405
  kNotImplemented,         // 501: an operation other than GetSnapshot
  kInternalError,          // 500
  kSlowDown,               // 503: too many snapshots in flight
};

struct CosError {
  CosErrorCode code = CosErrorCode::kInternalError;
  std::string message;
};

/// COS's spelling of the code, e.g. "NoSuchKey".
const char* cos_code_name(CosErrorCode code);
/// The HTTP status COS answers the code with.
int cos_status(CosErrorCode code);

using adapters::xml_escape;  // adapters/common/xml_text.hpp

/// The COS error response: status, application/xml body <Error>…</Error>, x-cos-request-id header.
ApiResponse render_cos_error(const CosError& error, const std::string& resource, const std::string& request_id,
                             const std::string& trace_id);

}  // namespace tg::adapters::tencent_ci
