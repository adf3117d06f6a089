#include "gateway/conditional_get.hpp"

#include <gtest/gtest.h>

namespace tg::gateway {
namespace {

ApiResponse tagged(std::string etag) {
  ApiResponse r;
  r.content_type = "image/jpeg";
  r.headers = {{"ETag", std::move(etag)}, {"Cache-Control", "public, max-age=60"}, {"Vary", "Accept"},
               {"x-other", "1"}};
  r.body = "bytes";
  return r;
}

TEST(IfNoneMatch, MatchesByWeakComparisonInAList) {
  EXPECT_TRUE(if_none_match_matches("\"abc\"", "\"abc\""));
  EXPECT_TRUE(if_none_match_matches("W/\"abc\"", "\"abc\""));
  EXPECT_TRUE(if_none_match_matches("\"x\", \"abc\" ", "\"abc\""));
  EXPECT_TRUE(if_none_match_matches(" * ", "\"abc\""));
  EXPECT_FALSE(if_none_match_matches("\"abcd\"", "\"abc\""));
  EXPECT_FALSE(if_none_match_matches("abc", "\"abc\""));
  EXPECT_FALSE(if_none_match_matches("", "\"abc\""));
  EXPECT_FALSE(if_none_match_matches("\"abc\"", "abc"));  // not an entity-tag: never matched
}

TEST(AnswerConditionally, AMatchingGetOrHeadBecomes304WithTheValidators) {
  for (const char* method : {"GET", "HEAD"}) {
    ApiResponse r = answer_conditionally(method, std::string("\"e1\""), tagged("\"e1\""));
    EXPECT_EQ(r.status, 304) << method;
    EXPECT_TRUE(r.body.empty());
    ASSERT_EQ(r.headers.size(), 3u);
    EXPECT_EQ(r.headers[0], (std::pair<std::string, std::string>{"ETag", "\"e1\""}));
    EXPECT_EQ(r.headers[1].first, "Cache-Control");
    EXPECT_EQ(r.headers[2].first, "Vary");
  }
}

TEST(AnswerConditionally, EverythingElsePassesUnchanged) {
  EXPECT_EQ(answer_conditionally("GET", std::string("\"e2\""), tagged("\"e1\"")).status, 200);
  EXPECT_EQ(answer_conditionally("GET", std::nullopt, tagged("\"e1\"")).status, 200);
  EXPECT_EQ(answer_conditionally("POST", std::string("\"e1\""), tagged("\"e1\"")).body, "bytes");
  ApiResponse error = tagged("\"e1\"");
  error.status = 400;
  EXPECT_EQ(answer_conditionally("GET", std::string("\"e1\""), error).status, 400);
  ApiResponse untagged;
  untagged.body = "x";
  EXPECT_EQ(answer_conditionally("GET", std::string("*"), untagged).status, 200);
}

}  // namespace
}  // namespace tg::gateway
