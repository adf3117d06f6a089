#include "support/redirect_server.hpp"

namespace tg::testing {

RedirectServer::RedirectServer(std::string location, int status, const std::string& address)
    : location_(std::move(location)), status_(status) {
  server_ = std::make_unique<LoopbackServer>(address, [this](int fd, const std::atomic<bool>&) {
    std::string pending;
    std::string head;
    if (!read_request_head(fd, pending, head)) return;
    ++requests_;
    const std::string answer = "HTTP/1.1 " + std::to_string(status_) + " Moved\r\nLocation: " + location_ +
                               "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    send_all(fd, answer.data(), answer.size());
  });
}

}  // namespace tg::testing
