#include "adapters/common/query_string.hpp"

#include <gtest/gtest.h>

namespace tg::adapters {
namespace {

TEST(QueryString, LiteralAndEncodedBracketsDecodeToTheSameName) {
  auto q = parse_query("ExtTimeOffsetSet[]=1&ExtTimeOffsetSet%5B%5D=2&a=x+y%20z");
  ASSERT_TRUE(q);
  ASSERT_EQ(q->size(), 3u);
  EXPECT_EQ((*q)[0], (std::pair<std::string, std::string>{"ExtTimeOffsetSet[]", "1"}));
  EXPECT_EQ((*q)[1], (std::pair<std::string, std::string>{"ExtTimeOffsetSet[]", "2"}));
  EXPECT_EQ((*q)[2].second, "x y z");
}

TEST(QueryString, KeepsEmptyValuesAndSkipsEmptyParts) {
  auto q = parse_query("a=&&b&c=1");
  ASSERT_TRUE(q);
  ASSERT_EQ(q->size(), 3u);
  EXPECT_EQ((*q)[0].second, "");
  EXPECT_EQ((*q)[1].first, "b");
  EXPECT_EQ((*q)[1].second, "");
}

TEST(QueryString, MalformedEscapesAreRejected) {
  EXPECT_FALSE(parse_query("a=%zz"));
  EXPECT_FALSE(parse_query("a=%4"));
  EXPECT_FALSE(parse_query("a=%"));
  EXPECT_FALSE(percent_decode("/x%2", false));
}

TEST(QueryString, PathDecodingKeepsPlus) {
  EXPECT_EQ(*percent_decode("/a+b%2Fc", false), "/a+b/c");
  EXPECT_EQ(*percent_decode("%E8%85%BE", false), "\xE8\x85\xBE");
}

}  // namespace
}  // namespace tg::adapters
