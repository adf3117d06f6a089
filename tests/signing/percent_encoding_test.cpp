#include "signing/percent_encoding.hpp"

#include <gtest/gtest.h>

namespace tg::signing {
namespace {

TEST(PercentEncoding, EncodesAllButUnreserved) {
  EXPECT_EQ(percent_encode(""), "");
  EXPECT_EQ(percent_encode("AZaz09-_.~"), "AZaz09-_.~");
  EXPECT_EQ(percent_encode(" !*'()"), "%20%21%2A%27%28%29");
  EXPECT_EQ(percent_encode(std::string("\x00\xff", 2)), "%00%FF");
}

TEST(PercentEncoding, DecodesAndRoundTrips) {
  EXPECT_EQ(percent_decode("a%20b%2fc%2F+"), "a b/c/+");
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  EXPECT_EQ(percent_decode(percent_encode(bytes)), bytes);
}

TEST(PercentEncoding, RejectsBadEscapes) {
  EXPECT_FALSE(percent_decode("%").has_value());
  EXPECT_FALSE(percent_decode("%2").has_value());
  EXPECT_FALSE(percent_decode("abc%g1").has_value());
  EXPECT_FALSE(percent_decode("%%41").has_value());
}

}  // namespace
}  // namespace tg::signing
