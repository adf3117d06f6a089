// redis:// URLs: what is accepted, and that every refusal names the problem without the password.

#include <gtest/gtest.h>

#include "redis/redis_url.hpp"

namespace tg::redis {
namespace {

TEST(RedisUrl, HostAlone) {
  auto url = parse_redis_url("redis://cache.internal");
  ASSERT_TRUE(url) << url.error();
  EXPECT_EQ(url->host, "cache.internal");
  EXPECT_EQ(url->port, 6379);
  EXPECT_EQ(url->user, "");
  EXPECT_EQ(url->password, "");
  EXPECT_EQ(url->db, 0);
}

TEST(RedisUrl, UserPasswordPortAndDb) {
  auto url = parse_redis_url("redis://default:s3cret@127.0.0.1:21206/3");
  ASSERT_TRUE(url) << url.error();
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, 21206);
  EXPECT_EQ(url->user, "default");
  EXPECT_EQ(url->password, "s3cret");
  EXPECT_EQ(url->db, 3);
}

TEST(RedisUrl, PasswordAloneAndPercentEscapes) {
  auto url = parse_redis_url("redis://:p%40ss%2Fw%3Ard@h:1/");
  ASSERT_TRUE(url) << url.error();
  EXPECT_EQ(url->user, "");
  EXPECT_EQ(url->password, "p@ss/w:rd");
  EXPECT_EQ(url->port, 1);
  EXPECT_EQ(url->db, 0);
  // An unescaped '@' or '/' in the password: the sign-in part ends at the last '@'.
  auto raw = parse_redis_url("redis://u:p@ss/word@h:2/1");
  ASSERT_TRUE(raw) << raw.error();
  EXPECT_EQ(raw->user, "u");
  EXPECT_EQ(raw->password, "p@ss/word");
  EXPECT_EQ(raw->host, "h");
  EXPECT_EQ(raw->db, 1);
}

TEST(RedisUrl, BracketedIpv6) {
  auto url = parse_redis_url("redis://[::1]:7000");
  ASSERT_TRUE(url) << url.error();
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, 7000);
  EXPECT_TRUE(parse_redis_url("redis://[::1]"));
}

TEST(RedisUrl, RefusalsNameTheProblem) {
  const std::pair<const char*, const char*> cases[] = {
      {"http://h:1", "scheme"},
      {"REDIS://h", "scheme"},
      {"rediss://h", "TLS"},
      {"h:6379", "scheme"},
      {"redis://", "host is empty"},
      {"redis://:6379", "host is empty"},
      {"redis://h:0", "port"},
      {"redis://h:65536", "port"},
      {"redis://h:-1", "port"},
      {"redis://h:+80", "port"},
      {"redis://h:80x", "port"},
      {"redis://h:", "port"},
      {"redis://h:99999999999999999999", "port"},
      {"redis://h/-1", "database"},
      {"redis://h/1000001", "database"},
      {"redis://h/1?x=1", "database"},
      {"redis://h/1/2", "database"},
      {"redis://h/a", "database"},
      {"redis://h h", "host"},
      {"redis://h%00", "host"},
      {"redis://[::1", "unclosed"},
      {"redis://[zz]:1", "IPv6"},
      {"redis://[::1]x", "after the host"},
      {"redis://user@h", "needs a password"},
      {"redis://u:@h", "password is empty"},
      {"redis://u%zz:p@h", "user name"},
  };
  for (const auto& [text, problem] : cases) {
    auto url = parse_redis_url(text);
    ASSERT_FALSE(url) << text;
    EXPECT_NE(url.error().find(problem), std::string::npos) << text << " -> " << url.error();
  }
  EXPECT_FALSE(parse_redis_url(std::string_view("redis://h\0x", 11)));
}

TEST(RedisUrl, ErrorsNeverCarryThePassword) {
  for (const char* text : {"redis://u:Hunter2Secret@h:0", "redis://u:Hunter2Secret@h/x", "redis://:Hunter2Secret%zz@h",
                           "redis://:Hunter2Secret%00@h", "http://u:Hunter2Secret@h", "redis://u:Hunter2Secret@",
                           "redis://u:Hunter2Secret@[::1"}) {
    auto url = parse_redis_url(text);
    ASSERT_FALSE(url) << text;
    EXPECT_EQ(url.error().find("Hunter2"), std::string::npos) << url.error();
  }
}

}  // namespace
}  // namespace tg::redis
