// ZEGO Signature 2.0 (signing/zego_signature) and its verifier (adapters/zego/zego_authenticator): a
// request signed with the app's secret over fuzzed fields is accepted exactly once, and no change to its
// signature, nonce or timestamp is.

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "adapters/common/call_admission.hpp"
#include "adapters/common/sliding_window_limiter.hpp"
#include "adapters/zego/zego_authenticator.hpp"
#include "signing/nonce_cache.hpp"
#include "signing/zego_signature.hpp"
#include "support/fuzz_check.hpp"

namespace zego = tg::adapters::zego;

namespace {

constexpr int64_t kNow = 1'615'186'943;
constexpr const char* kSecret = "9193cc662a4c0ec135ec71fb57194b38";

const zego::ZegoSettings& settings() {
  static const zego::ZegoSettings s = [] {
    zego::ZegoSettings out;
    zego::ZegoApp app;
    app.app_id = "12345";
    app.server_secret = kSecret;
    out.apps.push_back(app);
    return out;
  }();
  return s;
}

tg::ApiRequest signed_request(const std::string& app_id, const std::string& nonce, const std::string& timestamp,
                              const std::string& signature) {
  tg::ApiRequest r;
  r.method = "GET";
  r.path = "/";
  r.query = {{"Action", "MediaThumbnails"}, {"AppId", app_id},         {"SignatureNonce", nonce},
             {"Timestamp", timestamp},      {"Signature", signature},  {"SignatureVersion", "2.0"}};
  return r;
}

bool is_lower_hex(const std::string& s, std::size_t size) {
  if (s.size() != size) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const uint32_t numeric_app = in.ConsumeIntegral<uint32_t>();
  const int64_t numeric_time = in.ConsumeIntegral<int64_t>();
  const int64_t skew = in.ConsumeIntegralInRange<int64_t>(-1200, 1200);
  const std::string nonce = in.ConsumeRandomLengthString(200);
  const std::string secret = in.ConsumeRandomLengthString(100);
  const std::string tampered = in.ConsumeRemainingBytesAsString();

  // The numeric form signs exactly the decimal text of its numbers.
  const std::string by_number = tg::signing::zego_signature(numeric_app, nonce, secret, numeric_time);
  FUZZ_CHECK(is_lower_hex(by_number, 32));
  FUZZ_CHECK(by_number ==
             tg::signing::zego_signature(std::to_string(numeric_app), nonce, secret, std::to_string(numeric_time)));
  // The callback signature sorts its parts: their order does not matter.
  const std::string callback = tg::signing::zego_callback_signature(secret, nonce, tampered);
  FUZZ_CHECK(is_lower_hex(callback, 40));
  FUZZ_CHECK(callback == tg::signing::zego_callback_signature(tampered, secret, nonce));

  tg::signing::NonceCache nonces;
  tg::adapters::SlidingWindowLimiter limiter;
  tg::adapters::SeparateCallAdmission admission(nonces, limiter);
  zego::ZegoAuthenticator authenticator(settings(), admission);
  const std::string timestamp = std::to_string(kNow + skew);
  const std::string good = tg::signing::zego_signature("12345", nonce, kSecret, timestamp);
  const bool acceptable = !nonce.empty() && nonce.size() <= 128 && skew >= -600 && skew <= 600;

  if (!tampered.empty() && tampered != good) {
    auto forged = authenticator.authenticate(signed_request("12345", nonce, timestamp, tampered), kNow * 1000);
    FUZZ_CHECK(!forged.ok());
  }
  auto first = authenticator.authenticate(signed_request("12345", nonce, timestamp, good), kNow * 1000);
  FUZZ_CHECK(first.ok() == acceptable);
  if (first.ok()) FUZZ_CHECK((*first)->app_id == "12345");
  // A nonce is good for one request only, whatever else changes.
  if (first.ok()) {
    FUZZ_CHECK(!authenticator.authenticate(signed_request("12345", nonce, timestamp, good), (kNow + 1) * 1000).ok());
  }
  // The signature binds the timestamp and the AppId as they were sent.
  const std::string other_time = std::to_string(kNow + skew + (skew > 0 ? -1 : 1));
  FUZZ_CHECK(!authenticator.authenticate(signed_request("12345", nonce + "x", other_time, good), kNow * 1000).ok());
  FUZZ_CHECK(!authenticator.authenticate(signed_request("012345", nonce + "y", timestamp, good), kNow * 1000).ok());
  return 0;
}
