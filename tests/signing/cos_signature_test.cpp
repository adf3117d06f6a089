#include "signing/cos_signature.hpp"

#include <gtest/gtest.h>

namespace tg::signing {
namespace {

constexpr const char* kSecretId = "AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q";
constexpr const char* kSecretKey = "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz";
constexpr const char* kObjectPath =
    "/exampleobject(\xe8\x85\xbe\xe8\xae\xaf\xe4\xba\x91)";  // 腾讯云

Params put_headers() {
  return {{"Content-Length", "13"},
          {"Content-MD5", "mQ/fVh815F3k6TAUm8m0eg=="},
          {"Content-Type", "text/plain"},
          {"Date", "Thu, 16 May 2019 06:45:51 GMT"},
          {"Host", "examplebucket-1250000000.cos.ap-beijing.myqcloud.com"},
          {"x-cos-acl", "private"},
          {"x-cos-grant-read", "uin=\"100000000011\""}};
}

Params get_params() {
  return {{"response-content-type", "application/octet-stream"},
          {"response-cache-control", "max-age=600"}};
}

Params get_headers() {
  return {{"Date", "Thu, 16 May 2019 06:55:53 GMT"},
          {"Host", "examplebucket-1250000000.cos.ap-beijing.myqcloud.com"}};
}

TEST(CosSignature, UrlEncode) {
  EXPECT_EQ(cos_url_encode("AZaz09-_.~"), "AZaz09-_.~");
  EXPECT_EQ(cos_url_encode("a b/c=d&e+f*g"), "a%20b%2Fc%3Dd%26e%2Bf%2Ag");
  EXPECT_EQ(cos_url_encode("uin=\"1\""), "uin%3D%221%22");
  EXPECT_EQ(cos_url_encode("\xe8\x85\xbe"), "%E8%85%BE");
}

TEST(CosSignature, OfficialPutVector) {
  const CosSignatureParts parts =
      cos_sign(kSecretKey, "1557989151;1557996351", "PUT", kObjectPath, {}, put_headers());
  EXPECT_EQ(parts.sign_key, "eb2519b498b02ac213cb1f3d1a3d27a3b3c9bc5f");
  EXPECT_EQ(parts.header_list,
            "content-length;content-md5;content-type;date;host;x-cos-acl;x-cos-grant-read");
  EXPECT_EQ(parts.url_param_list, "");
  EXPECT_EQ(parts.http_string_sha1, "8b2751e77f43a0995d6e9eb9477f4b685cca4172");
  EXPECT_EQ(parts.signature, "3b8851a11a569213c17ba8fa7dcf2abec6935172");
}

TEST(CosSignature, OfficialGetVectorWithResponseParams) {
  const CosSignatureParts parts = cos_sign(kSecretKey, "1557989753;1557996953", "GET", kObjectPath,
                                           get_params(), get_headers());
  EXPECT_EQ(parts.sign_key, "937914bf490e9e8c189836aad2052e4feeb35eaf");
  EXPECT_EQ(
      parts.http_parameters,
      "response-cache-control=max-age%3D600&response-content-type=application%2Foctet-stream");
  EXPECT_EQ(parts.url_param_list, "response-cache-control;response-content-type");
  EXPECT_EQ(parts.http_string_sha1, "54ecfe22f59d3514fdc764b87a32d8133ea611e6");
  EXPECT_EQ(parts.signature, "01681b8c9d798a678e43b685a9f1bba0f6c0e012");
}

TEST(CosSignature, OldestTestfileVector) {
  const CosSignatureParts parts = cos_sign(
      kSecretKey, "1417773892;1417853898", "GET", "/testfile", {},
      {{"Host", "bucket1-1254000000.cos.ap-beijing.myqcloud.com"}, {"Range", "bytes=0-3"}});
  EXPECT_EQ(
      parts.http_string,
      "get\n/testfile\n\nhost=bucket1-1254000000.cos.ap-beijing.myqcloud.com&range=bytes%3D0-3\n");
  EXPECT_EQ(parts.string_to_sign,
            "sha1\n1417773892;1417853898\n3a529544cb1559b8be98f079df87742e8fad26dc\n");
  EXPECT_EQ(parts.sign_key, "d265642cf75792e70e35030fd14e73134094d673");
  EXPECT_EQ(parts.http_string_sha1, "3a529544cb1559b8be98f079df87742e8fad26dc");
  EXPECT_EQ(parts.signature, "4b6cbab14ce01381c29032423481ebffd514e8be");
  EXPECT_EQ(
      cos_authorization_value(kSecretId, "1417773892;1417853898", "1417773892;1417853898", parts),
      "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q"
      "&q-sign-time=1417773892;1417853898&q-key-time=1417773892;1417853898"
      "&q-header-list=host;range&q-url-param-list=&q-signature="
      "4b6cbab14ce01381c29032423481ebffd514e8be");
}

TEST(CosSignature, ParsesOfficialAuthorization) {
  auto auth = parse_cos_authorization(
      "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q"
      "&q-sign-time=1557989753;1557996953&q-key-time=1557989753;1557996953"
      "&q-header-list=date;host&q-url-param-list=response-cache-control;response-content-type"
      "&q-signature=01681b8c9d798a678e43b685a9f1bba0f6c0e012");
  ASSERT_TRUE(auth.ok()) << auth.error();
  EXPECT_EQ(auth->algorithm, "sha1");
  EXPECT_EQ(auth->ak, kSecretId);
  EXPECT_EQ(auth->sign_time_start, 1557989753);
  EXPECT_EQ(auth->sign_time_end, 1557996953);
  EXPECT_EQ(auth->key_time, "1557989753;1557996953");
  EXPECT_EQ(auth->header_list, (std::vector<std::string>{"date", "host"}));
  EXPECT_EQ(auth->url_param_list,
            (std::vector<std::string>{"response-cache-control", "response-content-type"}));
  EXPECT_EQ(auth->signature, "01681b8c9d798a678e43b685a9f1bba0f6c0e012");
}

TEST(CosSignature, ParseErrorsAreClear) {
  const std::string good_tail =
      "&q-ak=AK&q-sign-time=1;2&q-key-time=1;2&q-header-list=host&q-url-param-list="
      "&q-signature=4b6cbab14ce01381c29032423481ebffd514e8be";
  auto expect_error = [](const std::string& value, const std::string& fragment) {
    auto auth = parse_cos_authorization(value);
    ASSERT_FALSE(auth.ok()) << value;
    EXPECT_NE(auth.error().find(fragment), std::string::npos) << auth.error();
  };
  expect_error("", "missing q-sign-algorithm");
  expect_error("q-sign-algorithm=md5" + good_tail, "unsupported q-sign-algorithm");
  expect_error(
      "q-sign-algorithm=sha1&q-sign-time=1;2&q-key-time=1;2&q-signature=" + std::string(40, 'a'),
      "missing q-ak");
  expect_error("q-sign-algorithm=sha1&q-ak=AK&q-key-time=1;2&q-signature=" + std::string(40, 'a'),
               "missing q-sign-time");
  expect_error("q-sign-algorithm=sha1&q-ak=AK&q-sign-time=1;2&q-key-time=1;2",
               "missing q-signature");
  expect_error("q-sign-algorithm=sha1&q-ak=AK&q-sign-time=12&q-key-time=1;2&q-signature=" +
                   std::string(40, 'a'),
               "malformed q-sign-time");
  expect_error("q-sign-algorithm=sha1&q-ak=AK&q-sign-time=5;2&q-key-time=1;2&q-signature=" +
                   std::string(40, 'a'),
               "malformed q-sign-time");
  expect_error("q-sign-algorithm=sha1&q-ak=AK&q-sign-time=1;2&q-key-time=x;2&q-signature=" +
                   std::string(40, 'a'),
               "malformed q-key-time");
  expect_error("q-sign-algorithm=sha1&q-ak=AK&q-sign-time=1;2&q-key-time=1;2&q-signature=abc",
               "malformed q-signature");
  expect_error("q-sign-algorithm=sha1" + good_tail + "&q-ak=again", "duplicate q-ak");
  expect_error("q-sign-algorithm=sha1&junk" + good_tail, "no '='");
  expect_error(
      "q-sign-algorithm=sha1&q-ak=AK&q-sign-time=1;2&q-key-time=1;2&q-header-list=host;;date"
      "&q-signature=" +
          std::string(40, 'a'),
      "q-header-list has an empty name");
}

TEST(CosSignature, ParsesQueryParameterForm) {
  const Params query = {{"response-content-type", "application/octet-stream"},
                        {"q-sign-algorithm", "sha1"},
                        {"q-ak", kSecretId},
                        {"q-sign-time", "1557989753;1557996953"},
                        {"q-key-time", "1557989753;1557996953"},
                        {"q-header-list", "date;host"},
                        {"q-url-param-list", "response-cache-control;response-content-type"},
                        {"q-signature", "01681B8C9D798A678E43B685A9F1BBA0F6C0E012"},
                        {"response-cache-control", "max-age=600"}};
  auto auth = parse_cos_authorization_params(query);
  ASSERT_TRUE(auth.ok()) << auth.error();
  EXPECT_EQ(auth->signature, "01681b8c9d798a678e43b685a9f1bba0f6c0e012");
  // The q-* parameters themselves are not signed: only the listed ones are.
  EXPECT_TRUE(
      cos_verify(*auth, kSecretKey, "GET", kObjectPath, query, get_headers(), 1557990000).ok());

  auto missing = parse_cos_authorization_params({{"q-sign-algorithm", "sha1"}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error(), "missing q-ak");
}

TEST(CosSignature, VerifiesOnlyListedHeadersAndParams) {
  auto auth = parse_cos_authorization(
      "q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q"
      "&q-sign-time=1557989753;1557996953&q-key-time=1557989753;1557996953"
      "&q-header-list=date;host&q-url-param-list=response-cache-control;response-content-type"
      "&q-signature=01681b8c9d798a678e43b685a9f1bba0f6c0e012");
  ASSERT_TRUE(auth.ok());
  Params headers = get_headers();
  headers.emplace_back("User-Agent", "curl/7.88");  // added by a proxy, not signed
  Params params = get_params();
  params.emplace_back("x-unsigned", "1");
  auto parts = cos_expected_signature(*auth, kSecretKey, "GET", kObjectPath, params, headers);
  ASSERT_TRUE(parts.ok()) << parts.error().message;
  EXPECT_EQ(parts->signature, "01681b8c9d798a678e43b685a9f1bba0f6c0e012");
  EXPECT_TRUE(cos_verify(*auth, kSecretKey, "GET", kObjectPath, params, headers, 1557996953).ok());
}

TEST(CosSignature, VerifyRejectsTamperingExpiryAndMissingFields) {
  const CosSignatureParts signed_parts =
      cos_sign(kSecretKey, "1557989151;1557996351", "PUT", kObjectPath, {}, put_headers());
  auto auth = parse_cos_authorization(cos_authorization_value(
      kSecretId, "1557989151;1557996351", "1557989151;1557996351", signed_parts));
  ASSERT_TRUE(auth.ok()) << auth.error();
  const int64_t now = 1557990000;
  EXPECT_TRUE(cos_verify(*auth, kSecretKey, "PUT", kObjectPath, {}, put_headers(), now).ok());

  auto result = cos_verify(*auth, "wrong-key", "PUT", kObjectPath, {}, put_headers(), now);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, CosVerifyErrorCode::kSignatureMismatch);

  Params tampered = put_headers();
  tampered[0].second = "14";
  result = cos_verify(*auth, kSecretKey, "PUT", kObjectPath, {}, tampered, now);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, CosVerifyErrorCode::kSignatureMismatch);

  result =
      cos_verify(*auth, kSecretKey, "PUT", "/exampleobject(tencentcloud)", {}, put_headers(), now);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, CosVerifyErrorCode::kSignatureMismatch);

  result = cos_verify(*auth, kSecretKey, "PUT", kObjectPath, {}, put_headers(), 1557996352);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, CosVerifyErrorCode::kRequestExpired);

  result = cos_verify(*auth, kSecretKey, "PUT", kObjectPath, {}, put_headers(), 1557989150);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, CosVerifyErrorCode::kRequestNotYetValid);

  Params without_acl = put_headers();
  without_acl.erase(without_acl.begin() + 5);
  result = cos_verify(*auth, kSecretKey, "PUT", kObjectPath, {}, without_acl, now);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, CosVerifyErrorCode::kSignedFieldMissing);
  EXPECT_NE(result.error().message.find("x-cos-acl"), std::string::npos);
}

}  // namespace
}  // namespace tg::signing
