#include "gateway/request_target.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace tg::gateway
