#include "signing/oss_url_signature.hpp"

#include <gtest/gtest.h>

namespace tg::signing {
namespace {

// Expected signatures were computed independently with Python's hmac/hashlib/base64 over the same strings.
TEST(OssUrlSignature, StringToSignHasEmptyMd5AndTypeAndTheRawResource) {
  EXPECT_EQ(oss_url_string_to_sign("GET", 1141889120, "oss-example", "oss-api.pdf"),
            "GET\n\n\n1141889120\n/oss-example/oss-api.pdf");
  EXPECT_EQ(oss_url_string_to_sign("GET", 1700000000, "out-bucket", "snap/a b-00001.jpg"),
            "GET\n\n\n1700000000\n/out-bucket/snap/a b-00001.jpg");
}

TEST(OssUrlSignature, MatchesAnIndependentHmacSha1) {
  EXPECT_EQ(oss_signature("OtxrzxIsfpFjA7SwPzILwy8Bw21TLhquhboDYROV",
                          oss_url_string_to_sign("GET", 1141889120, "oss-example", "oss-api.pdf")),
            "EwaNTn1erJGkimiJ9WmXgwnANLc=");
  EXPECT_EQ(oss_signature("secret-of-test-key-0001",
                          oss_url_string_to_sign("GET", 1700000000, "out-bucket", "snap/a b-00001.jpg")),
            "rQMZCfD4TQ3cx8YZN/otCQUOAPc=");
}

TEST(OssUrlSignature, AnyChangeChangesTheSignature) {
  const std::string base = oss_signature("k", oss_url_string_to_sign("GET", 100, "b", "o.jpg"));
  EXPECT_NE(base, oss_signature("K", oss_url_string_to_sign("GET", 100, "b", "o.jpg")));
  EXPECT_NE(base, oss_signature("k", oss_url_string_to_sign("GET", 101, "b", "o.jpg")));
  EXPECT_NE(base, oss_signature("k", oss_url_string_to_sign("GET", 100, "c", "o.jpg")));
  EXPECT_NE(base, oss_signature("k", oss_url_string_to_sign("GET", 100, "b", "o.jpeg")));
  EXPECT_NE(base, oss_signature("k", oss_url_string_to_sign("HEAD", 100, "b", "o.jpg")));
}

}  // namespace
}  // namespace tg::signing
