// The ready signed requests of signing/signed_query.hpp pass the very checks the front doors make.

#include "signing/signed_query.hpp"

#include <gtest/gtest.h>

#include "core/time_format.hpp"
#include "signing/aliyun_rpc_signature.hpp"
#include "signing/cos_signature.hpp"
#include "signing/percent_encoding.hpp"

namespace tg::signing {
namespace {

constexpr int64_t kNow = 1764597600;  // 2025-12-01T14:00:00Z

// A query string's pairs, decoded.
Params decode(const std::string& query) {
  Params out;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t amp = query.find('&', start);
    if (amp == std::string::npos) amp = query.size();
    const std::string pair = query.substr(start, amp - start);
    const auto eq = pair.find('=');
    out.emplace_back(*percent_decode(pair.substr(0, eq)), *percent_decode(pair.substr(eq + 1)));
    start = amp + 1;
  }
  return out;
}

const std::string& value_of(const Params& params, const std::string& name) {
  static const std::string none;
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  return none;
}

TEST(CosSignedQuery, VerifiesForItsPathHostAndParamsWithinItsWindowOnly) {
  const Params params{{"ci-process", "snapshot"}, {"time", "1"}, {"format", "jpg"}};
  const std::string query = cos_signed_query(params, "get", "/folder/a b.mp4", "b-1.cos.ap-beijing.myqcloud.com",
                                             "AKIDcos", "cos-secret", kNow, kNow + 600);
  const Params sent = decode(query);
  EXPECT_EQ(query.rfind("ci-process=snapshot&time=1&format=jpg&q-sign-algorithm=sha1&q-ak=AKIDcos&", 0), 0u) << query;
  EXPECT_EQ(value_of(sent, "q-sign-time"), std::to_string(kNow) + ";" + std::to_string(kNow + 600));
  EXPECT_EQ(value_of(sent, "q-header-list"), "host");
  auto auth = parse_cos_authorization_params(sent);
  ASSERT_TRUE(auth) << auth.error();
  const Params host{{"host", "b-1.cos.ap-beijing.myqcloud.com"}};
  EXPECT_TRUE(cos_verify(*auth, "cos-secret", "GET", "/folder/a b.mp4", sent, host, kNow + 300));
  EXPECT_FALSE(cos_verify(*auth, "cos-secret", "GET", "/folder/a b.mp4", sent, host, kNow + 601));
  EXPECT_FALSE(cos_verify(*auth, "other", "GET", "/folder/a b.mp4", sent, host, kNow));
  EXPECT_FALSE(cos_verify(*auth, "cos-secret", "GET", "/folder/a.mp4", sent, host, kNow));
  EXPECT_FALSE(cos_verify(*auth, "cos-secret", "GET", "/folder/a b.mp4", sent,
                          Params{{"host", "c-1.cos.ap-beijing.myqcloud.com"}}, kNow));
  Params changed = sent;
  changed[1].second = "2";
  EXPECT_FALSE(cos_verify(*auth, "cos-secret", "GET", "/folder/a b.mp4", changed, host, kNow));
}

TEST(AliyunRpcSignedQuery, CarriesTheCommonParametersAndItsSignatureChecks) {
  const std::string query = aliyun_rpc_signed_query({{"Action", "GetSnapshotJob"}, {"JobId", "j 1"}}, "GET",
                                                    "LTAIkey", "ice-secret", "nonce-1", kNow);
  Params sent = decode(query);
  EXPECT_EQ(value_of(sent, "AccessKeyId"), "LTAIkey");
  EXPECT_EQ(value_of(sent, "SignatureMethod"), "HMAC-SHA1");
  EXPECT_EQ(value_of(sent, "SignatureVersion"), "1.0");
  EXPECT_EQ(value_of(sent, "SignatureNonce"), "nonce-1");
  EXPECT_EQ(value_of(sent, "Timestamp"), "2025-12-01T14:00:00Z");
  EXPECT_EQ(parse_iso8601_utc_seconds(value_of(sent, "Timestamp")), kNow);
  ASSERT_EQ(sent.back().first, "Signature");
  const std::string signature = sent.back().second;
  EXPECT_EQ(aliyun_rpc_signature("ice-secret", aliyun_string_to_sign("GET", sent)), signature);
  EXPECT_NE(aliyun_rpc_signature("ice-secret", aliyun_string_to_sign("POST", sent)), signature);
  sent[1].second = "j 2";
  EXPECT_NE(aliyun_rpc_signature("ice-secret", aliyun_string_to_sign("GET", sent)), signature);
}

TEST(HuaweiRequestSignature, SignsEveryHeaderAndTheBodyAsTheVerifierChecks) {
  const std::string body = R"({"input":{"bucket":"b"}})";
  HuaweiSignedRequest request{.method = "POST",
                              .path = "/v1/0a1b/thumbnails",
                              .query = {},
                              .headers = {{"Host", "127.0.0.1:8080"}, {"Content-Type", "application/json"}},
                              .body = body};
  const auto signature = huawei_request_signature(request, "HWAK", "hw-secret", kNow);
  EXPECT_EQ(signature.sdk_date, "20251201T140000Z");
  auto parsed = parse_huawei_authorization(signature.authorization);
  ASSERT_TRUE(parsed) << signature.authorization;
  EXPECT_EQ(parsed->access_key, "HWAK");
  EXPECT_EQ(parsed->signed_headers, (std::vector<std::string>{"content-type", "host", "x-sdk-date"}));
  request.headers.emplace_back("X-Sdk-Date", signature.sdk_date);
  EXPECT_TRUE(huawei_verify(request, *parsed, signature.sdk_date, "hw-secret"));
  EXPECT_FALSE(huawei_verify(request, *parsed, signature.sdk_date, "other"));
  const std::string other_body = R"({"input":{"bucket":"c"}})";
  HuaweiSignedRequest swapped = request;
  swapped.body = other_body;
  EXPECT_FALSE(huawei_verify(swapped, *parsed, signature.sdk_date, "hw-secret"));
  HuaweiSignedRequest moved = request;
  moved.headers[0].second = "127.0.0.1:8081";
  EXPECT_FALSE(huawei_verify(moved, *parsed, signature.sdk_date, "hw-secret"));
}

}  // namespace
}  // namespace tg::signing
