#include "adapters/aliyun_ice/ice_error.hpp"

namespace tg::adapters::aliyun_ice {

IceError missing_parameter(const std::string& name) {
  return {400, "MissingParameter",
          "The input parameter \"" + name + "\" that is mandatory for processing this request is not supplied."};
}

IceError invalid_parameter(const std::string& message) { return {400, "InvalidParameter", message}; }

IceError signature_does_not_match() {
  return {400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation."};
}

IceError timestamp_expired(const std::string& timestamp) {
  return {400, "InvalidTimeStamp.Expired",
          "Specified time stamp or date value is expired: " + timestamp + " is more than 15 minutes away."};
}

IceError timestamp_format(const std::string& timestamp) {
  return {400, "InvalidTimeStamp.Format",
          "Specified time stamp or date value is not well formatted: \"" + timestamp +
              "\" is not yyyy-MM-ddTHH:mm:ssZ."};
}

IceError nonce_used() { return {400, "SignatureNonceUsed", "Specified signature nonce was used already."}; }

IceError access_key_not_found() { return {404, "InvalidAccessKeyId.NotFound", "Specified access key is not found."}; }

IceError throttling() { return {400, "Throttling.User", "Request was denied due to user flow control."}; }

IceError api_not_found(const std::string& action) {
  return {404, "InvalidApi.NotFound", "Specified api \"" + action + "\" is not found, please check your url and method."};
}

IceError job_not_found(const std::string& job_id) {
  return {404, "InvalidParameter.JobNotFound", "The specified job \"" + job_id + "\" does not exist."};
}

IceError unsupported_method(const std::string& method) {
  return {400, "UnsupportedHTTPMethod", "Specified HTTP method " + method + " is not supported: use GET or POST."};
}

IceError invalid_signature_method(const std::string& method) {
  return {400, "InvalidSignatureMethod", "Specified signature method \"" + method + "\" is not valid: use HMAC-SHA1."};
}

IceError internal_error(const std::string& message) {
  return {500, "InternalError", "The request processing has failed due to some unknown error: " + message};
}

IceError service_unavailable(const std::string& message) { return {503, "ServiceUnavailable", message}; }

IceError unavailable() {
  return service_unavailable("The request has failed due to a temporary failure of the server; try again later.");
}

}  // namespace tg::adapters::aliyun_ice
