// The COS request signature (signing/cos_signature): parsing q-sign-* Authorization values and query
// parameters, and verifying. Whatever parses is well formed; the header and query forms agree; a request
// signed over fuzzed parameters and headers verifies, and stops verifying when a signed value changes.

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "adapters/common/query_string.hpp"
#include "signing/cos_signature.hpp"
#include "support/fuzz_check.hpp"

using tg::signing::CosAuthorization;
using tg::signing::Params;

namespace {

constexpr int64_t kNow = 1'650'426'000;
constexpr const char* kSecretKey = "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz";

void check_well_formed(const CosAuthorization& auth) {
  FUZZ_CHECK(auth.algorithm == "sha1");
  FUZZ_CHECK(!auth.ak.empty());
  FUZZ_CHECK(auth.sign_time_start >= 0 && auth.sign_time_start <= auth.sign_time_end);
  FUZZ_CHECK(auth.signature.size() == 40);
  for (char c : auth.signature) FUZZ_CHECK((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  for (const auto* list : {&auth.header_list, &auth.url_param_list}) {
    for (const std::string& name : *list) {
      FUZZ_CHECK(!name.empty());
      for (char c : name) FUZZ_CHECK(!(c >= 'A' && c <= 'Z'));
    }
  }
}

bool same(const CosAuthorization& a, const CosAuthorization& b) {
  return a.algorithm == b.algorithm && a.ak == b.ak && a.sign_time_start == b.sign_time_start &&
         a.sign_time_end == b.sign_time_end && a.key_time == b.key_time && a.header_list == b.header_list &&
         a.url_param_list == b.url_param_list && a.signature == b.signature;
}

std::string lowercase(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// Parameters or headers as the COS SDKs sign them: each name once (whatever its case), none empty.
Params consume_params(FuzzedDataProvider& in) {
  Params out;
  const int count = in.ConsumeIntegralInRange(0, 6);
  for (int i = 0; i < count; ++i) {
    std::string name = in.ConsumeRandomLengthString(16);
    std::string value = in.ConsumeRandomLengthString(32);
    bool repeated = name.empty();
    for (const auto& p : out) repeated = repeated || lowercase(p.first) == lowercase(name);
    if (!repeated) out.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const std::string text = in.ConsumeRandomLengthString(1024);

  auto from_header = tg::signing::parse_cos_authorization(text);
  if (from_header) check_well_formed(*from_header);
  if (auto query = tg::adapters::parse_query(text)) {
    auto from_query = tg::signing::parse_cos_authorization_params(*query);
    if (from_query) check_well_formed(*from_query);
    // Without escapes the query decodes to the text itself: both forms read the same fields.
    if (from_header && text.find_first_of("%+") == std::string::npos) {
      FUZZ_CHECK(from_query.ok());
      FUZZ_CHECK(same(*from_header, *from_query));
    }
  }

  // Sign a fuzzed request the way the COS SDKs do, over every parameter and header it has.
  const std::string method = in.ConsumeBool() ? "get" : "GET";
  const std::string path = "/" + in.ConsumeRandomLengthString(64);
  const Params params = consume_params(in);
  const Params headers = consume_params(in);
  const std::string key_time = std::to_string(kNow - 100) + ";" + std::to_string(kNow + 100);
  const auto parts = tg::signing::cos_sign(kSecretKey, key_time, method, path, params, headers);
  const std::string value = tg::signing::cos_authorization_value("AKIDfuzz", key_time, key_time, parts);
  auto auth = tg::signing::parse_cos_authorization(value);
  FUZZ_CHECK(auth.ok());
  check_well_formed(*auth);
  FUZZ_CHECK(tg::signing::cos_verify(*auth, kSecretKey, "GET", path, params, headers, kNow).ok());
  FUZZ_CHECK(!tg::signing::cos_verify(*auth, kSecretKey, "GET", path, params, headers, kNow + 101).ok());
  FUZZ_CHECK(!tg::signing::cos_verify(*auth, kSecretKey, "GET", path + "x", params, headers, kNow).ok());
  FUZZ_CHECK(!tg::signing::cos_verify(*auth, "other", "GET", path, params, headers, kNow).ok());
  if (!params.empty()) {
    Params changed = params;
    changed.back().second += "x";
    FUZZ_CHECK(!tg::signing::cos_verify(*auth, kSecretKey, "GET", path, changed, headers, kNow).ok());
  }
  if (!headers.empty()) {
    Params changed = headers;
    changed.front().second += "x";
    FUZZ_CHECK(!tg::signing::cos_verify(*auth, kSecretKey, "GET", path, params, changed, kNow).ok());
  }
  // Unsigned extras change nothing.
  Params extra = params;
  extra.emplace_back("x-unsigned-" + std::to_string(params.size()), in.ConsumeRemainingBytesAsString());
  bool extra_is_new = true;
  for (const auto& p : params) extra_is_new = extra_is_new && lowercase(p.first) != extra.back().first;
  if (extra_is_new) FUZZ_CHECK(tg::signing::cos_verify(*auth, kSecretKey, "GET", path, extra, headers, kNow).ok());
  return 0;
}
