#include "signing/digest.hpp"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace tg::signing {
namespace {

TEST(Digest, Md5KnownAnswers) {
  EXPECT_EQ(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(md5_hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
}

TEST(Digest, Base64UrlRoundTripsWithoutPadding) {
  // RFC 4648 §10 vectors, unpadded, and the two characters that differ from standard base64.
  EXPECT_EQ(base64url_encode(""), "");
  EXPECT_EQ(base64url_encode("f"), "Zg");
  EXPECT_EQ(base64url_encode("fo"), "Zm8");
  EXPECT_EQ(base64url_encode("foo"), "Zm9v");
  EXPECT_EQ(base64url_encode("\xfb\xff\xbf"), "-_-_");
  for (std::string bytes : {std::string(""), std::string("f"), std::string("fo"), std::string("\xfb\xff"),
                            std::string("\0\x01\x02\x03\xfe")}) {
    EXPECT_EQ(base64url_decode(base64url_encode(bytes)), bytes);
  }
  EXPECT_EQ(base64url_decode("-_-_"), std::string("\xfb\xff\xbf"));
  EXPECT_FALSE(base64url_decode("Zg=="));  // padding is not base64url here
  EXPECT_FALSE(base64url_decode("+/+/"));  // the standard alphabet's own characters
  EXPECT_FALSE(base64url_decode("Zm9vY"));  // a length no encoding has
  EXPECT_FALSE(base64url_decode("Zh"));     // non-zero bits dropped by the missing padding
  EXPECT_FALSE(base64url_decode("Zm9v\n"));
}

TEST(Digest, Sha1KnownAnswers) {
  EXPECT_EQ(sha1_hex(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(sha1_hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST(Digest, HmacRfcVectors) {
  // RFC 2202 test case 2 and RFC 4231 test case 2.
  EXPECT_EQ(to_hex(hmac_sha1("Jefe", "what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  EXPECT_EQ(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(hmac_sha1("k", "d").size(), 20u);
  EXPECT_EQ(hmac_sha256("", "").size(), 32u);
  // RFC 2104 HMAC with an empty key and message.
  EXPECT_EQ(to_hex(hmac_sha1("", "")), "fbdb1d1b18aa6c08324b7d64b71fb76370690e1d");
}

TEST(Digest, ToHexIsLowercaseAndKeepsNulBytes) {
  EXPECT_EQ(to_hex(std::string("\x00\xff\x10\xab", 4)), "00ff10ab");
  EXPECT_EQ(to_hex(""), "");
}

TEST(Digest, Base64Rfc4648Vectors) {
  const std::vector<std::pair<std::string, std::string>> vectors = {{"", ""},
                                                                    {"f", "Zg=="},
                                                                    {"fo", "Zm8="},
                                                                    {"foo", "Zm9v"},
                                                                    {"foob", "Zm9vYg=="},
                                                                    {"fooba", "Zm9vYmE="},
                                                                    {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64_encode(plain), encoded);
    auto decoded = base64_decode(encoded);
    ASSERT_TRUE(decoded.has_value()) << encoded;
    EXPECT_EQ(*decoded, plain);
  }
}

TEST(Digest, Base64RoundTripsAllByteValues) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  for (size_t len = 0; len <= bytes.size(); len += 37) {
    const std::string part = bytes.substr(0, len);
    auto decoded = base64_decode(base64_encode(part));
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(*decoded, part);
  }
}

TEST(Digest, Base64RejectsMalformedInput) {
  EXPECT_FALSE(base64_decode("Zg=").has_value());       // bad length
  EXPECT_FALSE(base64_decode("Zm9v!A==").has_value());  // bad character
  EXPECT_FALSE(base64_decode("Z===").has_value());      // too much padding
  EXPECT_FALSE(base64_decode("Zg==Zm9v").has_value());  // padding before the end
  EXPECT_FALSE(base64_decode("Zm=v").has_value());      // data after padding
  EXPECT_FALSE(base64_decode("Zh==").has_value());      // non-zero bits under the padding
  EXPECT_FALSE(base64_decode("Zm9v\n").has_value());    // whitespace
}

}  // namespace
}  // namespace tg::signing
