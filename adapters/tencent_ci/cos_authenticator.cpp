#include "adapters/tencent_ci/cos_authenticator.hpp"

#include "signing/cos_signature.hpp"

namespace tg::adapters::tencent_ci {
namespace {

bool has_query_signature(const ApiRequest& request) {
  for (const auto& [name, value] : request.query) {
    if (name == "q-sign-algorithm" || name == "q-ak" || name == "q-signature") return true;
  }
  return false;
}

CosError denied(CosErrorCode code, std::string message) { return {code, std::move(message)}; }

}  // namespace

tg::Result<Ok, CosError> authorize(const CiSettings& settings, const CiBucket& bucket, const ApiRequest& request,
                                   int64_t now_s) {
  auto header = request.header("authorization");
  const bool header_signed = header && !header->empty();
  if (!header_signed && !has_query_signature(request)) {
    if (bucket.acl == BucketAcl::kPublicRead) return Ok{};
    return tg::unexpected(denied(CosErrorCode::kAccessDenied, "Access Denied."));
  }
  auto auth = header_signed ? signing::parse_cos_authorization(*header)
                            : signing::parse_cos_authorization_params(request.query);
  if (!auth) {
    return tg::unexpected(denied(CosErrorCode::kAccessDenied, "the request signature is malformed: " + auth.error()));
  }
  const CiCredential* credential = settings.find_credential(auth->ak);
  if (!credential) {
    return tg::unexpected(
        denied(CosErrorCode::kInvalidAccessKeyId, "The Access Key Id you provided does not exist in our records."));
  }
  auto verified = signing::cos_verify(*auth, credential->secret_key, request.method, request.path, request.query,
                                      request.headers, now_s);
  if (!verified) {
    switch (verified.error().code) {
      case signing::CosVerifyErrorCode::kRequestExpired:
        return tg::unexpected(denied(CosErrorCode::kAccessDenied, "Request has expired"));
      case signing::CosVerifyErrorCode::kRequestNotYetValid:
        return tg::unexpected(denied(CosErrorCode::kRequestTimeTooSkewed,
                                     "The difference between the request time and the server's time is too large."));
      case signing::CosVerifyErrorCode::kSignedFieldMissing:
        return tg::unexpected(denied(CosErrorCode::kSignatureDoesNotMatch, verified.error().message));
      case signing::CosVerifyErrorCode::kSignatureMismatch:
        return tg::unexpected(denied(CosErrorCode::kSignatureDoesNotMatch,
                                     "The Signature you specified is invalid."));
    }
  }
  if (!credential->may_read(bucket.name)) {
    return tg::unexpected(denied(CosErrorCode::kAccessDenied, "Access Denied."));
  }
  return Ok{};
}

}  // namespace tg::adapters::tencent_ci
