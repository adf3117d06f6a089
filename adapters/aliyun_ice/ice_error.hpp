#pragma once
// The errors the ICE front door answers with: Alibaba Cloud's OpenAPI error codes and their HTTP statuses,
// rendered as {RequestId, HostId, Code, Message} (JSON or XML, as the request's Format asks).

#include <string>

namespace tg::adapters::aliyun_ice {

struct IceError {
  int status = 400;
  std::string code;     // e.g. "SignatureDoesNotMatch"
  std::string message;  // for the client: never a server path or a secret
};

IceError missing_parameter(const std::string& name);                       // 400 MissingParameter
IceError invalid_parameter(const std::string& message);                    // 400 InvalidParameter
IceError signature_does_not_match();                                       // 400 SignatureDoesNotMatch
IceError timestamp_expired(const std::string& timestamp);                  // 400 InvalidTimeStamp.Expired
IceError timestamp_format(const std::string& timestamp);                   // 400 InvalidTimeStamp.Format
IceError nonce_used();                                                     // 400 SignatureNonceUsed
IceError access_key_not_found();                                           // 404 InvalidAccessKeyId.NotFound
IceError throttling();                                                     // 400 Throttling.User
IceError api_not_found(const std::string& action);                         // 404 InvalidApi.NotFound
IceError job_not_found(const std::string& job_id);                         // 404 InvalidParameter.JobNotFound
IceError unsupported_method(const std::string& method);                    // 400 UnsupportedHTTPMethod
IceError invalid_signature_method(const std::string& method);              // 400 InvalidSignatureMethod
IceError internal_error(const std::string& message);                       // 500 InternalError
IceError service_unavailable(const std::string& message);                  // 503 ServiceUnavailable
/// 503 ServiceUnavailable for a call whose rate limit or nonce could not be checked (the shared store is
/// unavailable): never Throttling.User and never an accepted call.
IceError unavailable();

}  // namespace tg::adapters::aliyun_ice
