#pragma once
// ZEGO's business return codes (the `Code` of every response) and an error value carrying one.

#include <string>
#include <utility>

namespace tg::adapters::zego {

enum class ZegoCode {
  kSuccess = 0,
  kParam = 2,              // a parameter is missing or malformed
  kNotEnabled = 3,         // thumbnails are not enabled for this AppId
  kVendorNotEnabled = 4,   // the Vendor (CDN type) is not enabled for this AppId
  kConfig = 5,             // the Definition names no template
  kTooFrequent = 6,        // over the AppId's requests per second
  kAuth = 7,               // authentication failed
  kFailed = 1000,          // request failed (internal error, queue full)
  kFileNotFound = 41003,   // FileId does not exist
};

struct ZegoError {
  ZegoCode code = ZegoCode::kFailed;
  std::string message;  // says what was wrong, shown to the caller as `Message`
};

/// The numeric value of `code`.
inline int code_value(ZegoCode code) { return static_cast<int>(code); }

/// The error for a request over the AppId's rate limit.
inline ZegoError too_frequent_error() {
  return {ZegoCode::kTooFrequent, "request too frequent: over this AppId's requests per second"};
}

/// The error for a request the gateway could not queue or store.
inline ZegoError internal_error(std::string why) {
  return {ZegoCode::kFailed, "request failed: " + std::move(why)};
}

/// The error for a call whose rate limit or SignatureNonce could not be checked (the shared store is
/// unavailable): ZEGO's internal error, never "too frequent" and never an accepted call.
inline ZegoError unavailable_error() { return internal_error("the service is temporarily unavailable, try again later"); }

}  // namespace tg::adapters::zego
