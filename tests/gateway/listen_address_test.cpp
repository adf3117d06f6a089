#include "gateway/listen_address.hpp"

#include <gtest/gtest.h>

namespace tg::gateway {
namespace {

TEST(ListenAddress, ParsesHostsAndPorts) {
  auto a = parse_listen_address("127.0.0.1:8080");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 8080);
  auto v6 = parse_listen_address("[::1]:0");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 0);
  EXPECT_EQ(parse_listen_address("localhost:9")->host, "127.0.0.1");
}

TEST(ListenAddress, RejectsMalformedText) {
  for (const char* bad : {"", "8080", ":8080", "host:", "host:65536", "host:-1", "host:80x", "[::1:80", "[]:80"}) {
    EXPECT_FALSE(parse_listen_address(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace tg::gateway
