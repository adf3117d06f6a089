// /readyz's check of the guards' store: with Redis configured, the probe is quiet while Redis answers and says
// when it stops, in words that name neither its address nor its password.

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <string>

#include "gateway/config.hpp"
#include "gateway/state_stores.hpp"
#include "support/loopback_server.hpp"

namespace tg::gateway {
namespace {

// A loopback server that answers +PONG to every read (enough for AUTH and PING) until it is destroyed,
// which closes every connection it accepted.
std::unique_ptr<tg::testing::LoopbackServer> pong_server() {
  return std::make_unique<tg::testing::LoopbackServer>("127.0.0.1", [](int fd, const std::atomic<bool>& stopping) {
    char buffer[512];
    while (!stopping && ::read(fd, buffer, sizeof buffer) > 0) {
      if (!tg::testing::send_all(fd, "+PONG\r\n", 7)) return;
    }
  });
}

TEST(RequestGuardsProbe, InThisProcessThereIsNothingToProbe) {
  auto config = parse_config("{}");
  ASSERT_TRUE(config) << config.error();
  auto guards = open_request_guards(*config);
  ASSERT_TRUE(guards) << guards.error();
  EXPECT_FALSE(guards->probe);
}

TEST(RequestGuardsProbe, SaysWhenRedisStopsAnsweringWithoutItsAddressOrPassword) {
  auto redis = pong_server();
  const std::string port = std::to_string(redis->port());
  auto config = parse_config(R"({"redis":"redis://default:NotShown@127.0.0.1:)" + port + R"("})");
  ASSERT_TRUE(config) << config.error();
  auto guards = open_request_guards(*config);
  ASSERT_TRUE(guards) << guards.error();
  ASSERT_TRUE(guards->probe);
  EXPECT_EQ(guards->probe(), "");
  redis.reset();
  const std::string why = guards->probe();
  EXPECT_NE(why, "");
  EXPECT_EQ(why.find(port), std::string::npos) << why;
  EXPECT_EQ(why.find("NotShown"), std::string::npos) << why;
}

}  // namespace
}  // namespace tg::gateway
