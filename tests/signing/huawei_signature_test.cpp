#include "signing/huawei_signature.hpp"

#include <gtest/gtest.h>

namespace tg::signing {
namespace {

constexpr const char* kSk = "HWSKexampleSecretKey000000000000000000000";
constexpr const char* kDate = "20261130T120000Z";
constexpr const char* kHost = "mpc.cn-north-4.myhuaweicloud.com";

// Known answers of vendor-apis §5.3, computed with the SDK's own signer.
TEST(HuaweiSignature, CreateThumbnailsVector) {
  const std::string body =
      R"({"input":{"bucket":"media-bucket","location":"cn-north-4","object":"videos/demo.mp4"},)"
      R"("output":{"bucket":"thumb-bucket","location":"cn-north-4","object":"thumbs/"},)"
      R"("thumbnail_para":{"type":"TIME","time":10,"max_length":480,"format":1}})";
  HuaweiSignedRequest request{.method = "POST",
                              .path = "/v1/0a1b2c3d4e5f/thumbnails",
                              .query = {},
                              .headers = {{"Content-Type", "application/json;charset=UTF-8"},
                                          {"Host", kHost},
                                          {"X-Sdk-Date", kDate}},
                              .body = body};
  EXPECT_EQ(huawei_sign(request, {"content-type", "host", "x-sdk-date"}, kDate, kSk),
            "9d56a1fcf84427889d6dc5eeddb6b033d8bca848419d27aa03ac80bf2022b69f");
}

TEST(HuaweiSignature, QueryThumbnailsVector) {
  HuaweiSignedRequest request{.method = "GET",
                              .path = "/v1/0a1b2c3d4e5f/thumbnails",
                              .query = {{"task_id", "2208"}, {"task_id", "2207"}, {"page", "0"}, {"size", "10"}},
                              .headers = {{"host", kHost}, {"x-sdk-date", kDate}},
                              .body = {}};
  EXPECT_EQ(huawei_canonical_query(request.query), "page=0&size=10&task_id=2207&task_id=2208");
  EXPECT_EQ(huawei_sign(request, {"host", "x-sdk-date"}, kDate, kSk),
            "0197eca20703134883d022bf252c707fa8d4dc359bdb65397b956033c671895e");
  auto auth = parse_huawei_authorization(
      "SDK-HMAC-SHA256 Access=HWAKEXAMPLE0000000000, SignedHeaders=host;x-sdk-date, "
      "Signature=0197eca20703134883d022bf252c707fa8d4dc359bdb65397b956033c671895e");
  ASSERT_TRUE(auth);
  EXPECT_EQ(auth->access_key, "HWAKEXAMPLE0000000000");
  EXPECT_TRUE(huawei_verify(request, *auth, kDate, kSk));
  EXPECT_FALSE(huawei_verify(request, *auth, kDate, "HWSKexampleSecretKey000000000000000000001"));
  request.query.emplace_back("size", "11");
  EXPECT_FALSE(huawei_verify(request, *auth, kDate, kSk));
}

TEST(HuaweiSignature, CanonicalUriEncodesSegmentsAndEndsWithSlash) {
  EXPECT_EQ(huawei_canonical_uri("/v1/p/thumbnails"), "/v1/p/thumbnails/");
  EXPECT_EQ(huawei_canonical_uri("/v1/p/"), "/v1/p/");
  EXPECT_EQ(huawei_canonical_uri("/a b/c*d"), "/a%20b/c%2Ad/");
  EXPECT_EQ(huawei_canonical_uri(""), "/");
}

TEST(HuaweiSignature, ContentSha256HeaderReplacesThePayloadHash) {
  HuaweiSignedRequest request{.method = "POST", .path = "/v1/p/thumbnails", .query = {},
                              .headers = {{"host", kHost}, {"x-sdk-content-sha256", "UNSIGNED-PAYLOAD"}},
                              .body = "{}"};
  const std::string canonical = huawei_canonical_request(request, {"host"});
  EXPECT_TRUE(canonical.ends_with("\nUNSIGNED-PAYLOAD")) << canonical;
  request.headers.pop_back();
  EXPECT_TRUE(huawei_canonical_request(request, {"host"}).ends_with(
      "\n44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"));
}

TEST(HuaweiSignature, RefusesMalformedAuthorization) {
  const std::string sig(64, 'a');
  EXPECT_TRUE(parse_huawei_authorization("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=" + sig));
  EXPECT_FALSE(parse_huawei_authorization("SDK-HMAC-SHA1 Access=AK, SignedHeaders=host, Signature=" + sig));
  EXPECT_FALSE(parse_huawei_authorization("SDK-HMAC-SHA256 Access=, SignedHeaders=host, Signature=" + sig));
  EXPECT_FALSE(parse_huawei_authorization("SDK-HMAC-SHA256 Access=AK, SignedHeaders=, Signature=" + sig));
  EXPECT_FALSE(parse_huawei_authorization("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;;x, Signature=" + sig));
  EXPECT_FALSE(parse_huawei_authorization("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=abc"));
  EXPECT_FALSE(parse_huawei_authorization("SDK-HMAC-SHA256 Access=AK, Access=B, SignedHeaders=host, Signature=" + sig));
  EXPECT_FALSE(parse_huawei_authorization("SDK-HMAC-SHA256 Access=AK, SignedHeaders=host"));
  EXPECT_FALSE(parse_huawei_authorization(""));
}

}  // namespace
}  // namespace tg::signing
