#include "gateway/request_target.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace tg::gateway {
namespace {

struct Split {
  std::string path;
  std::string query;
};

Split split(std::string_view target) {
  Split out;
  split_target(target, out.path, out.query);
  return out;
}

TEST(RequestTarget, OriginFormSplitsAtTheFirstQuestionMark) {
  Split s = split("/v2/snapshot?a=1&b=?x");
  EXPECT_EQ(s.path, "/v2/snapshot");
  EXPECT_EQ(s.query, "a=1&b=?x");
}

TEST(RequestTarget, AbsoluteFormDropsSchemeAndAuthority) {
  Split s = split("http://example.com:8080/a%2Fb?x=1");
  EXPECT_EQ(s.path, "/a%2Fb");
  EXPECT_EQ(s.query, "x=1");
  s = split("https://example.com?x=1");
  EXPECT_EQ(s.path, "/");
  EXPECT_EQ(s.query, "x=1");
  s = split("http://example.com");
  EXPECT_EQ(s.path, "/");
  EXPECT_EQ(s.query, "");
}

TEST(RequestTarget, SchemeLookalikeAfterTheFirstSlashStaysInThePath) {
  Split s = split("/fetch/http://example.com/x");
  EXPECT_EQ(s.path, "/fetch/http://example.com/x");
  EXPECT_EQ(s.query, "");
}

TEST(RequestTarget, PathAlwaysStartsWithASlash) {
  EXPECT_EQ(split("").path, "/");
  EXPECT_EQ(split("*").path, "/*");
  Split s = split("?only=query");
  EXPECT_EQ(s.path, "/");
  EXPECT_EQ(s.query, "only=query");
}

ApiRequest decoded(std::string target) {
  ApiRequest request;
  request.target = std::move(target);
  decode_target(request);
  return request;
}

TEST(RequestTarget, DecodeFillsRawAndDecodedPathAndQuery) {
  ApiRequest r = decoded("http://example.com/a%20b/c%2Fd?x=1%262&y=a+b&x=3");
  EXPECT_EQ(r.raw_path, "/a%20b/c%2Fd");
  EXPECT_EQ(r.path, "/a b/c/d");
  EXPECT_EQ(r.raw_query, "x=1%262&y=a+b&x=3");
  ASSERT_EQ(r.query.size(), 3u);
  EXPECT_EQ(r.query[0], (std::pair<std::string, std::string>{"x", "1&2"}));
  EXPECT_EQ(r.query[1].first, "y");
  EXPECT_EQ(r.query[2], (std::pair<std::string, std::string>{"x", "3"}));
  EXPECT_EQ(r.decode_error, "");
}

TEST(RequestTarget, DecodeKeepsTheRawPathWhenItsEscapeIsMalformed) {
  ApiRequest r = decoded("/a%zz?x=1");
  EXPECT_EQ(r.path, "/a%zz");
  EXPECT_EQ(r.decode_error, "malformed percent-escape in the path");
  ASSERT_EQ(r.query.size(), 1u);
  EXPECT_EQ(r.query[0].second, "1");
}

TEST(RequestTarget, DecodeReportsAMalformedQueryEscape) {
  ApiRequest r = decoded("/a?x=%4");
  EXPECT_EQ(r.path, "/a");
  EXPECT_TRUE(r.query.empty());
  EXPECT_EQ(r.decode_error, "malformed percent-escape in the query string");
}

}  // namespace
}  // namespace tg::gateway
