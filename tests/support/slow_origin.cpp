#include "support/slow_origin.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "signing/percent_encoding.hpp"

namespace tg::testing {

SlowOrigin::SlowOrigin(std::string folder) : folder_(std::move(folder)) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  EXPECT_EQ(::listen(fd_, 64), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

SlowOrigin::~SlowOrigin() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    for (int client : clients_) ::shutdown(client, SHUT_RDWR);
  }
  changed_.notify_all();
  ::shutdown(fd_, SHUT_RDWR);
  ::close(fd_);
  acceptor_.join();
  std::vector<std::thread> workers;
  {
    std::lock_guard lock(mu_);
    workers.swap(workers_);
  }
  for (auto& t : workers) t.join();
}

std::string SlowOrigin::base_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/slow"; }

void SlowOrigin::hold() {
  std::lock_guard lock(mu_);
  held_ = true;
}

void SlowOrigin::release() {
  {
    std::lock_guard lock(mu_);
    held_ = false;
  }
  changed_.notify_all();
}

void SlowOrigin::trickle(std::size_t bytes, std::chrono::milliseconds every) {
  std::lock_guard lock(mu_);
  trickle_bytes_ = bytes;
  trickle_every_ = every;
}

bool SlowOrigin::wait_requests(int count, int timeout_ms) const {
  std::unique_lock lock(mu_);
  return changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return requests_.load() >= count; });
}

void SlowOrigin::accept_loop() {
  for (;;) {
    int client = ::accept(fd_, nullptr, nullptr);
    if (client < 0) return;
    std::lock_guard lock(mu_);
    if (stopping_) {
      ::close(client);
      return;
    }
    clients_.insert(client);
    workers_.emplace_back([this, client] { serve(client); });
  }
}

bool SlowOrigin::send_slowly(int client, const char* data, std::size_t size) {
  while (size > 0) {
    std::size_t piece = size;
    std::chrono::milliseconds pause{0};
    {
      std::unique_lock lock(mu_);
      if (trickle_bytes_ > 0) {
        piece = std::min(size, trickle_bytes_);
        pause = trickle_every_;
      }
      if (pause.count() > 0 && changed_.wait_for(lock, pause, [this] { return stopping_; })) return false;
      if (stopping_) return false;
    }
    ssize_t n = ::send(client, data, piece, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

void SlowOrigin::serve(int client) {
  std::string request;
  char buf[4096];
  while (request.find("\r\n\r\n") == std::string::npos) {
    ssize_t n = ::recv(client, buf, sizeof buf, 0);
    if (n <= 0) break;
    request.append(buf, static_cast<size_t>(n));
  }
  {
    std::unique_lock lock(mu_);
    ++requests_;
    changed_.notify_all();
    changed_.wait(lock, [this] { return !held_ || stopping_; });
  }
  const auto sp1 = request.find(' ');
  const auto sp2 = request.find(' ', sp1 + 1);
  std::string path = sp1 == std::string::npos ? "" : request.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string body;
  const std::string prefix = "/slow/";
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
  if (::send(client, head.data(), head.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(head.size()) && !body.empty()) {
    send_slowly(client, body.data() + from, to - from + 1);
  }
  {
    std::lock_guard lock(mu_);
    clients_.erase(client);
  }
  ::close(client);
}

}  // namespace tg::testing
