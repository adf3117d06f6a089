#include "support/callback_receiver.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <stdexcept>

namespace tg::testing {

CallbackReceiver::CallbackReceiver() {
  listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (listen_fd_ < 0 || bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      listen(listen_fd_, 16) != 0) {
    throw std::runtime_error("callback receiver cannot listen");
  }
  socklen_t len = sizeof addr;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { accept_loop(); });
}

CallbackReceiver::~CallbackReceiver() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
  close(listen_fd_);
}

std::string CallbackReceiver::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void CallbackReceiver::script_statuses(std::vector<int> statuses) {
  std::lock_guard lock(mutex_);
  statuses_.assign(statuses.begin(), statuses.end());
}

void CallbackReceiver::set_response_body(std::string body) {
  std::lock_guard lock(mutex_);
  response_body_ = std::move(body);
}

std::vector<ReceivedRequest> CallbackReceiver::wait_for(std::size_t count, int timeout_ms) {
  std::unique_lock lock(mutex_);
  arrived_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return received_.size() >= count; });
  return received_;
}

std::vector<ReceivedRequest> CallbackReceiver::received() const {
  std::lock_guard lock(mutex_);
  return received_;
}

void CallbackReceiver::accept_loop() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    int fd = accept(listen_fd_, nullptr, nullptr);
    if (fd >= 0) serve(fd);
  }
}

void CallbackReceiver::serve(int fd) {
  std::string data;
  char buf[8192];
  std::size_t header_end = std::string::npos;
  std::size_t content_length = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    data.append(buf, static_cast<size_t>(n));
    if (header_end == std::string::npos) {
      header_end = data.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        std::string lower = data.substr(0, header_end);
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        auto cl = lower.find("content-length:");
        if (cl != std::string::npos) content_length = std::stoul(lower.substr(cl + 15));
      }
    }
    if (header_end != std::string::npos && data.size() >= header_end + 4 + content_length) break;
  }
  ReceivedRequest req;
  if (header_end != std::string::npos) {
    std::string head = data.substr(0, header_end);
    std::size_t line_end = head.find("\r\n");
    std::string first = head.substr(0, line_end);
    auto sp1 = first.find(' ');
    auto sp2 = first.find(' ', sp1 + 1);
    req.method = first.substr(0, sp1);
    req.target = first.substr(sp1 + 1, sp2 - sp1 - 1);
    std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
    while (pos < head.size()) {
      auto end = head.find("\r\n", pos);
      if (end == std::string::npos) end = head.size();
      std::string line = head.substr(pos, end - pos);
      auto colon = line.find(':');
      if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        std::string value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.erase(value.begin());
        req.headers.emplace_back(name, value);
      }
      pos = end + 2;
    }
    req.body = data.substr(header_end + 4, content_length);
  }
  int status = 200;
  std::string body;
  {
    std::lock_guard lock(mutex_);
    body = response_body_;
    if (!statuses_.empty()) {
      status = statuses_.front();
      statuses_.pop_front();
    }
    received_.push_back(std::move(req));
  }
  arrived_.notify_all();
  std::string response = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: " + std::to_string(body.size()) +
                         "\r\nConnection: close\r\n\r\n" + body;
  send(fd, response.data(), response.size(), MSG_NOSIGNAL);
  close(fd);
}

}  // namespace tg::testing
