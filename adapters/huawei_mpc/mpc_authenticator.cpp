#include "adapters/huawei_mpc/mpc_authenticator.hpp"

#include <algorithm>
#include <ctime>

#include "signing/digest.hpp"
#include "signing/huawei_signature.hpp"

namespace tg::adapters::huawei_mpc {
namespace {

bool digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int number(std::string_view text) {
  int value = 0;
  for (char c : text) value = value * 10 + (c - '0');
  return value;
}

}  // namespace

std::optional<int64_t> parse_sdk_date(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  if (!digits(text.substr(0, 8)) || !digits(text.substr(9, 6))) return std::nullopt;
  std::tm tm{};
  tm.tm_year = number(text.substr(0, 4)) - 1900;
  tm.tm_mon = number(text.substr(4, 2)) - 1;
  tm.tm_mday = number(text.substr(6, 2));
  tm.tm_hour = number(text.substr(9, 2));
  tm.tm_min = number(text.substr(11, 2));
  tm.tm_sec = number(text.substr(13, 2));
  if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
      tm.tm_sec > 60) {
    return std::nullopt;
  }
  return static_cast<int64_t>(timegm(&tm));
}

tg::Result<const MpcCredential*, MpcError> authenticate(const ApiRequest& request, std::string_view project_id,
                                                        const MpcSettings& settings, int64_t now_s) {
  auto header = request.header("authorization");
  if (!header) return tg::unexpected(MpcError::authentication("the Authorization header is missing"));
  auto authorization = signing::parse_huawei_authorization(*header);
  if (!authorization) {
    return tg::unexpected(MpcError::authentication(
        "the Authorization header is not \"SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...\""));
  }
  const auto& signed_headers = authorization->signed_headers;
  if (std::find(signed_headers.begin(), signed_headers.end(), "host") == signed_headers.end()) {
    return tg::unexpected(MpcError::authentication("SignedHeaders must include host"));
  }
  for (const std::string& name : signed_headers) {
    if (!request.header(name)) {
      return tg::unexpected(MpcError::authentication("the signed header " + name + " is missing"));
    }
  }
  // X-Sdk-Content-Sha256 replaces the body's hash in the signature: unsigned, it would let anyone on the
  // way swap the body and name the old body's hash; signed, a hash must be the body's own (only the
  // client's explicit UNSIGNED-PAYLOAD leaves the body out of the signature).
  if (auto content_sha = request.header("x-sdk-content-sha256")) {
    if (std::find(signed_headers.begin(), signed_headers.end(), "x-sdk-content-sha256") == signed_headers.end()) {
      return tg::unexpected(MpcError::authentication("X-Sdk-Content-Sha256 must be among the signed headers"));
    }
    if (*content_sha != "UNSIGNED-PAYLOAD" && *content_sha != signing::sha256_hex(request.body)) {
      return tg::unexpected(MpcError::authentication("X-Sdk-Content-Sha256 is not the hash of the body"));
    }
  }
  auto date_text = request.header("x-sdk-date");
  if (!date_text) return tg::unexpected(MpcError::authentication("the X-Sdk-Date header is missing"));
  auto date = parse_sdk_date(*date_text);
  if (!date) return tg::unexpected(MpcError::authentication("X-Sdk-Date is not yyyyMMddTHHmmssZ"));
  if (*date < now_s - settings.date_window_s || *date > now_s + settings.date_window_s) {
    return tg::unexpected(MpcError::authentication("X-Sdk-Date is more than " +
                                                   std::to_string(settings.date_window_s / 60) +
                                                   " minutes away from the server's time"));
  }
  const MpcCredential* credential = settings.find_credential(authorization->access_key);
  if (!credential) return tg::unexpected(MpcError::authentication("the access key is unknown"));
  signing::HuaweiSignedRequest signed_request{.method = request.method,
                                              .path = request.path,
                                              .query = request.query,
                                              .headers = request.headers,
                                              .body = request.body};
  if (!signing::huawei_verify(signed_request, *authorization, *date_text, credential->secret_key)) {
    return tg::unexpected(MpcError::authentication("the signature does not match"));
  }
  if (credential->project_id != project_id) {
    return tg::unexpected(MpcError::authentication("the project does not belong to this access key"));
  }
  return credential;
}

}  // namespace tg::adapters::huawei_mpc
