#include "support/loopback_server.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace tg::testing {

LoopbackServer::LoopbackServer(const std::string& address, Handler handler)
    : address_(address), handler_(std::move(handler)) {
  const bool v6 = address.find(':') != std::string::npos;
  fd_ = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_storage storage{};
  socklen_t len = 0;
  if (v6) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&storage);
    a->sin6_family = AF_INET6;
    EXPECT_EQ(inet_pton(AF_INET6, address.c_str(), &a->sin6_addr), 1) << address;
    len = sizeof *a;
  } else {
    auto* a = reinterpret_cast<sockaddr_in*>(&storage);
    a->sin_family = AF_INET;
    EXPECT_EQ(inet_pton(AF_INET, address.c_str(), &a->sin_addr), 1) << address;
    len = sizeof *a;
  }
  EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&storage), len), 0) << address << ": " << std::strerror(errno);
  EXPECT_EQ(::listen(fd_, 16), 0);
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&storage), &len);
  port_ = ntohs(v6 ? reinterpret_cast<sockaddr_in6*>(&storage)->sin6_port
                   : reinterpret_cast<sockaddr_in*>(&storage)->sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

LoopbackServer::~LoopbackServer() {
  stopping_ = true;
  ::shutdown(fd_, SHUT_RDWR);
  acceptor_.join();
  ::close(fd_);
  std::vector<std::thread> workers;
  {
    std::lock_guard lock(mu_);
    for (int client : clients_) ::shutdown(client, SHUT_RDWR);
    workers.swap(workers_);
  }
  for (auto& t : workers) t.join();
}

std::string LoopbackServer::origin() const {
  const bool v6 = address_.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + address_ + "]" : address_) + ":" + std::to_string(port_);
}

void LoopbackServer::accept_loop() {
  for (;;) {
    int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) return;
    ++connections_;
    std::lock_guard lock(mu_);
    if (stopping_) {
      ::close(client);
      return;
    }
    clients_.push_back(client);
    workers_.emplace_back([this, client] {
      handler_(client, stopping_);
      std::lock_guard inner(mu_);
      // Closed under the lock, so the destructor never shuts down a number reused by another socket.
      clients_.erase(std::remove(clients_.begin(), clients_.end(), client), clients_.end());
      ::close(client);
    });
  }
}

bool read_request_head(int fd, std::string& pending, std::string& head) {
  char buf[4096];
  for (;;) {
    auto end = pending.find("\r\n\r\n");
    if (end != std::string::npos) {
      head = pending.substr(0, end + 4);
      pending.erase(0, end + 4);
      return true;
    }
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return false;
    pending.append(buf, static_cast<std::size_t>(n));
  }
}

std::string header_value(const std::string& head, const std::string& name) {
  std::string lower = head;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  std::string wanted = "\r\n" + name + ":";
  std::transform(wanted.begin(), wanted.end(), wanted.begin(), [](unsigned char c) { return std::tolower(c); });
  auto at = lower.find(wanted);
  if (at == std::string::npos) return "";
  auto start = at + wanted.size();
  auto end = head.find("\r\n", start);
  std::string value = head.substr(start, end - start);
  while (!value.empty() && value.front() == ' ') value.erase(value.begin());
  return value;
}

std::string request_target(const std::string& head) {
  const auto sp1 = head.find(' ');
  if (sp1 == std::string::npos) return "";
  const auto sp2 = head.find(' ', sp1 + 1);
  return head.substr(sp1 + 1, sp2 - sp1 - 1);
}

bool send_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace tg::testing
