#include "adapters/tencent_ci/cos_error.hpp"

#include "core/utf8.hpp"

namespace tg::adapters::tencent_ci {

const char* cos_code_name(CosErrorCode code) {
  switch (code) {
    case CosErrorCode::kAccessDenied: return "AccessDenied";
    case CosErrorCode::kInvalidAccessKeyId: return "InvalidAccessKeyId";
    case CosErrorCode::kSignatureDoesNotMatch: return "SignatureDoesNotMatch";
    case CosErrorCode::kRequestTimeTooSkewed: return "RequestTimeTooSkewed";
    case CosErrorCode::kInvalidArgument: return "InvalidArgument";
    case CosErrorCode::kInvalidRequest: return "InvalidRequest";
    case CosErrorCode::kNoSuchKey: return "NoSuchKey";
    case CosErrorCode::kNoSuchBucket: return "NoSuchBucket";
    case CosErrorCode::kMethodNotAllowed: return "MethodNotAllowed";
    case CosErrorCode::kNotImplemented: return "NotImplemented";
    case CosErrorCode::kInternalError: return "InternalError";
    case CosErrorCode::kSlowDown: return "SlowDown";
  }
  return "InternalError";
}

int cos_status(CosErrorCode code) {
  switch (code) {
    case CosErrorCode::kAccessDenied:
    case CosErrorCode::kInvalidAccessKeyId:
    case CosErrorCode::kSignatureDoesNotMatch:
    case CosErrorCode::kRequestTimeTooSkewed: return 403;
    case CosErrorCode::kInvalidArgument:
    case CosErrorCode::kInvalidRequest: return 400;
    case CosErrorCode::kNoSuchKey:
    case CosErrorCode::kNoSuchBucket: return 404;
    case CosErrorCode::kMethodNotAllowed: return 405;
    case CosErrorCode::kNotImplemented: return 501;
    case CosErrorCode::kInternalError: return 500;
    case CosErrorCode::kSlowDown: return 503;
  }
  return 500;
}


ApiResponse render_cos_error(const CosError& error, const std::string& resource, const std::string& request_id,
                             const std::string& trace_id) {
  ApiResponse r;
  r.status = cos_status(error.code);
  r.content_type = "application/xml";
  r.headers.emplace_back("x-cos-request-id", request_id);
  r.headers.emplace_back("x-cos-trace-id", trace_id);
  r.body = "<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n\t<Code>" + std::string(cos_code_name(error.code)) +
           "</Code>\n\t<Message>" + xml_escape(error.message) + "</Message>\n\t<Resource>" + xml_escape(resource) +
           "</Resource>\n\t<RequestId>" + xml_escape(request_id) + "</RequestId>\n\t<TraceId>" +
           xml_escape(trace_id) + "</TraceId>\n</Error>";
  return r;
}

}  // namespace tg::adapters::tencent_ci
