// /readyz's check of the guards' store: with Redis configured, the probe says when Redis stops answering,
// in words that name neither its address nor its password, and is quiet again once it answers.

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "gateway/config.hpp"
#include "gateway/state_stores.hpp"

namespace tg::gateway {
namespace {

// A loopback server that answers +PONG to every read it gets (enough for PING), until stop() closes it and
// every connection it accepted.
class PongServer {
 public:
  PongServer() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 || ::listen(listener_, 8) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ADD_FAILURE() << "cannot listen on a loopback port";
      return;
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~PongServer() { stop(); }

  int port() const { return port_; }

  void stop() {
    if (stopped_.exchange(true)) return;
    if (thread_.joinable()) thread_.join();
    for (int fd : clients_) ::close(fd);
    ::close(listener_);
  }

 private:
  void serve() {
    while (!stopped_) {
      std::vector<pollfd> fds{{listener_, POLLIN, 0}};
      for (int fd : clients_) fds.push_back({fd, POLLIN, 0});
      if (::poll(fds.data(), fds.size(), 50) <= 0) continue;
      if (fds[0].revents & POLLIN) clients_.push_back(::accept(listener_, nullptr, nullptr));
      for (std::size_t i = 1; i < fds.size(); ++i) {
        if (!(fds[i].revents & POLLIN)) continue;
        char buffer[512];
        if (::read(fds[i].fd, buffer, sizeof buffer) > 0) (void)!::write(fds[i].fd, "+PONG\r\n", 7);
      }
    }
  }

  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopped_ = false;
  std::vector<int> clients_;
  std::thread thread_;
};

TEST(RequestGuardsProbe, InThisProcessThereIsNothingToProbe) {
  auto config = parse_config("{}");
  ASSERT_TRUE(config) << config.error();
  auto guards = open_request_guards(*config);
  ASSERT_TRUE(guards) << guards.error();
  EXPECT_FALSE(guards->probe);
}

TEST(RequestGuardsProbe, SaysWhenRedisStopsAnsweringWithoutItsAddressOrPassword) {
  PongServer redis;
  const std::string port = std::to_string(redis.port());
  auto config = parse_config(R"({"redis":"redis://default:NotShown@127.0.0.1:)" + port + R"("})");
  ASSERT_TRUE(config) << config.error();
  auto guards = open_request_guards(*config);
  ASSERT_TRUE(guards) << guards.error();
  ASSERT_TRUE(guards->probe);
  EXPECT_EQ(guards->probe(), "");
  redis.stop();
  const std::string why = guards->probe();
  EXPECT_NE(why, "");
  EXPECT_EQ(why.find(port), std::string::npos) << why;
  EXPECT_EQ(why.find("NotShown"), std::string::npos) << why;
}

}  // namespace
}  // namespace tg::gateway
