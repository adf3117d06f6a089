#include "support/range_file_server.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>

#include "signing/percent_encoding.hpp"

namespace tg::testing {
namespace {

bool send_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

RangeFileServer::RangeFileServer(std::string folder) : folder_(std::move(folder)) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  EXPECT_EQ(::listen(fd_, 16), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

RangeFileServer::~RangeFileServer() {
  ::shutdown(fd_, SHUT_RDWR);
  ::close(fd_);
  acceptor_.join();
  std::lock_guard lock(mu_);
  for (auto& t : workers_) t.join();
}

std::string RangeFileServer::base_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/origin"; }

std::vector<std::string> RangeFileServer::paths() const {
  std::lock_guard lock(mu_);
  return paths_;
}

void RangeFileServer::accept_loop() {
  for (;;) {
    int client = ::accept(fd_, nullptr, nullptr);
    if (client < 0) return;
    std::lock_guard lock(mu_);
    workers_.emplace_back([this, client] { serve(client); });
  }
}

void RangeFileServer::serve(int client) {
  std::string request;
  char buf[4096];
  while (request.find("\r\n\r\n") == std::string::npos) {
    ssize_t n = ::recv(client, buf, sizeof buf, 0);
    if (n <= 0) break;
    request.append(buf, static_cast<size_t>(n));
  }
  ++requests_;
  const auto sp1 = request.find(' ');
  const auto sp2 = request.find(' ', sp1 + 1);
  std::string path = sp1 == std::string::npos ? "" : request.substr(sp1 + 1, sp2 - sp1 - 1);
  {
    std::lock_guard lock(mu_);
    paths_.push_back(path);
  }
  std::string body;
  const std::string prefix = "/origin/";
  if (path.rfind(prefix, 0) == 0 && path.find("..") == std::string::npos) {
    auto relative = signing::percent_decode(path.substr(prefix.size()));
    std::ifstream in(folder_ + "/" + relative.value_or(""), std::ios::binary);
    if (relative && in) body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::string head;
  std::size_t from = 0;
  std::size_t to = body.empty() ? 0 : body.size() - 1;
  if (body.empty()) {
    head = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  } else {
    bool ranged = false;
    if (auto at = request.find("Range: bytes="); at != std::string::npos) {
      unsigned long long a = 0;
      unsigned long long b = 0;
      int got = std::sscanf(request.c_str() + at + 13, "%llu-%llu", &a, &b);
      if (got >= 1 && a < body.size()) {
        ranged = true;
        from = a;
        if (got == 2 && b < body.size()) to = b;
      }
    }
    head = ranged ? "HTTP/1.1 206 Partial Content\r\n" : "HTTP/1.1 200 OK\r\n";
    head += "Content-Type: video/mp4\r\nAccept-Ranges: bytes\r\nConnection: close\r\nContent-Length: " +
            std::to_string(to - from + 1) + "\r\n";
    if (ranged) {
      head += "Content-Range: bytes " + std::to_string(from) + "-" + std::to_string(to) + "/" +
              std::to_string(body.size()) + "\r\n";
    }
    head += "\r\n";
  }
  if (send_all(client, head.data(), head.size()) && !body.empty()) {
    send_all(client, body.data() + from, to - from + 1);
  }
  ::close(client);
}

}  // namespace tg::testing
