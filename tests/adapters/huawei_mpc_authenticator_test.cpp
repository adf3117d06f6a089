// The MPC front door's AK/SK check on the signed request of vendor-apis §5.3, and its answer when the
// rate limiter cannot decide.

#include <gtest/gtest.h>

#include "adapters/huawei_mpc/mpc_authenticator.hpp"
#include "adapters/huawei_mpc/mpc_front_door.hpp"
#include "adapters/unavailable_stores.hpp"
#include "core/clock.hpp"
#include "signing/nonce_cache.hpp"
#include "support/clips.hpp"
#include "tasks/media_resolver.hpp"
#include "tasks/sqlite_task_store.hpp"
#include "signing/digest.hpp"
#include "signing/huawei_signature.hpp"

namespace tg::adapters::huawei_mpc {
namespace {

constexpr int64_t kSignedAt = 1796040000;  // 20261130T120000Z

MpcSettings settings() {
  MpcSettings s;
  s.credentials.push_back({"HWAKEXAMPLE0000000000", "HWSKexampleSecretKey000000000000000000000", "0a1b2c3d4e5f"});
  return s;
}

ApiRequest signed_query() {
  ApiRequest r;
  r.method = "GET";
  r.path = "/v1/0a1b2c3d4e5f/thumbnails";
  r.query = {{"task_id", "2208"}, {"task_id", "2207"}, {"page", "0"}, {"size", "10"}};
  r.headers = {{"host", "mpc.cn-north-4.myhuaweicloud.com"},
               {"x-sdk-date", "20261130T120000Z"},
               {"authorization",
                "SDK-HMAC-SHA256 Access=HWAKEXAMPLE0000000000, SignedHeaders=host;x-sdk-date, "
                "Signature=0197eca20703134883d022bf252c707fa8d4dc359bdb65397b956033c671895e"}};
  return r;
}

void expect_refused(const ApiRequest& request, int64_t now_s, const std::string& why,
                    const std::string& project = "0a1b2c3d4e5f") {
  auto result = authenticate(request, project, settings(), now_s);
  ASSERT_FALSE(result) << why;
  EXPECT_EQ(result.error().http_status, 401) << why;
  EXPECT_EQ(result.error().code, "APIGW.0301") << why;
  EXPECT_TRUE(result.error().message.starts_with("Incorrect IAM authentication information: ")) << why;
}

TEST(HuaweiMpcAuthenticator, AcceptsTheSdkSignature) {
  const MpcSettings configured = settings();
  auto result = authenticate(signed_query(), "0a1b2c3d4e5f", configured, kSignedAt + 60);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ((*result)->access_key, "HWAKEXAMPLE0000000000");
}

TEST(HuaweiMpcAuthenticator, RefusesEveryBrokenPart) {
  expect_refused(signed_query(), kSignedAt + 901, "date too old");
  expect_refused(signed_query(), kSignedAt - 901, "date in the future");
  expect_refused(signed_query(), kSignedAt, "another project", "ffff");
  ApiRequest tampered = signed_query();
  tampered.query.emplace_back("status", "FAILED");
  expect_refused(tampered, kSignedAt, "query changed");
  ApiRequest body = signed_query();
  body.body = "x";
  expect_refused(body, kSignedAt, "body added");
  ApiRequest no_host = signed_query();
  no_host.headers.back().second =
      "SDK-HMAC-SHA256 Access=HWAKEXAMPLE0000000000, SignedHeaders=x-sdk-date, Signature=" + std::string(64, '0');
  expect_refused(no_host, kSignedAt, "host not signed");
  ApiRequest unknown = signed_query();
  unknown.headers.back().second =
      "SDK-HMAC-SHA256 Access=OTHER, SignedHeaders=host;x-sdk-date, Signature=" + std::string(64, '0');
  expect_refused(unknown, kSignedAt, "unknown AK");
  ApiRequest missing_header = signed_query();
  missing_header.headers.back().second =
      "SDK-HMAC-SHA256 Access=HWAKEXAMPLE0000000000, SignedHeaders=content-type;host;x-sdk-date, Signature=" +
      std::string(64, '0');
  expect_refused(missing_header, kSignedAt, "signed header absent");
  ApiRequest no_auth = signed_query();
  no_auth.headers.pop_back();
  expect_refused(no_auth, kSignedAt, "no Authorization");
  ApiRequest bad_date = signed_query();
  bad_date.headers[1].second = "2026-11-30T12:00:00Z";
  expect_refused(bad_date, kSignedAt, "malformed date");
}

// The body's hash header: unsigned it would let the body be swapped under a valid signature.
TEST(HuaweiMpcAuthenticator, ContentSha256MustBeSignedAndTheBodysOwn) {
  const MpcSettings configured = settings();
  const std::string sk = configured.credentials[0].secret_key;
  auto sign = [&](ApiRequest r, const std::vector<std::string>& names) {
    signing::HuaweiSignedRequest req{.method = r.method, .path = r.path, .query = r.query, .headers = r.headers,
                                     .body = r.body};
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ";") + n;
    r.headers.emplace_back("authorization", "SDK-HMAC-SHA256 Access=HWAKEXAMPLE0000000000, SignedHeaders=" + list +
                                                ", Signature=" +
                                                signing::huawei_sign(req, names, "20261130T120000Z", sk));
    return r;
  };
  ApiRequest base;
  base.method = "POST";
  base.path = "/v1/0a1b2c3d4e5f/thumbnails";
  base.body = R"({"a":1})";
  base.headers = {{"host", "h"}, {"x-sdk-date", "20261130T120000Z"}};

  // Signed with the body's hash, then the body swapped and the old hash named in an unsigned header.
  ApiRequest swapped = sign(base, {"host", "x-sdk-date"});
  const std::string original_hash = signing::sha256_hex(swapped.body);
  swapped.body = R"({"a":2})";
  swapped.headers.emplace_back("x-sdk-content-sha256", original_hash);
  expect_refused(swapped, kSignedAt, "unsigned content hash");

  ApiRequest unsigned_payload = base;
  unsigned_payload.headers.emplace_back("x-sdk-content-sha256", "UNSIGNED-PAYLOAD");
  EXPECT_TRUE(authenticate(sign(unsigned_payload, {"host", "x-sdk-content-sha256", "x-sdk-date"}), "0a1b2c3d4e5f",
                           configured, kSignedAt));
  ApiRequest wrong_hash = base;
  wrong_hash.headers.emplace_back("x-sdk-content-sha256", std::string(64, 'a'));
  expect_refused(sign(wrong_hash, {"host", "x-sdk-content-sha256", "x-sdk-date"}), kSignedAt, "hash of another body");
  ApiRequest right_hash = base;
  right_hash.headers.emplace_back("x-sdk-content-sha256", signing::sha256_hex(base.body));
  EXPECT_TRUE(authenticate(sign(right_hash, {"host", "x-sdk-content-sha256", "x-sdk-date"}), "0a1b2c3d4e5f",
                           configured, kSignedAt));
}

TEST(HuaweiMpcAuthenticator, SdkDateParsing) {
  EXPECT_EQ(parse_sdk_date("20261130T120000Z"), kSignedAt);
  EXPECT_FALSE(parse_sdk_date("20261130T120000"));
  EXPECT_FALSE(parse_sdk_date("20261330T120000Z"));
  EXPECT_FALSE(parse_sdk_date("2026113OT120000Z"));
}

TEST(HuaweiMpcFrontDoor, AnUnavailableLimiterIs503InternalErrorNotThrottling) {
  const std::string dir = tg::testing::fresh_test_dir("mpc-unavailable");
  auto store = tasks::SqliteTaskStore::open(dir + "/tasks.db");
  ASSERT_TRUE(store) << store.error().message;
  tasks::MediaResolver resolver(**store, dir);
  signing::NonceCache nonces;
  testing::ScriptedLimiter limiter;
  limiter.answer = Admission::kUnavailable;
  SeparateCallAdmission admission(nonces, limiter);
  ManualClock clock;
  clock.set_ms(kSignedAt * 1000);
  const OutboundSettings outbound;
  MpcFrontDoor door(settings(), VendorDeps{.admission = admission,
                                           .limiter = limiter,
                                           .store = **store,
                                           .resolver = resolver,
                                           .clock = clock,
                                           .outbound = outbound,
                                           .outputs_dir = dir + "/outputs"});
  std::optional<ApiResponse> answer;
  door.handle(signed_query(), [&](ApiResponse response) { answer = std::move(response); });
  door.stop();
  ASSERT_TRUE(answer);
  EXPECT_EQ(limiter.asked, 1);
  EXPECT_EQ(answer->status, 503);
  EXPECT_NE(answer->body.find("\"error_code\":\"MPC.10201\""), std::string::npos) << answer->body;
  EXPECT_EQ(answer->body.find("APIGW.0308"), std::string::npos) << answer->body;
}

}  // namespace
}  // namespace tg::adapters::huawei_mpc
