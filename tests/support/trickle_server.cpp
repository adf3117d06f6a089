#include "support/trickle_server.hpp"

#include <thread>

namespace tg::testing {

namespace {
constexpr long long kClaimedSize = 100'000'000;
}

TrickleServer::TrickleServer(std::chrono::milliseconds pause) : pause_(pause) {
  server_ = std::make_unique<LoopbackServer>("127.0.0.1", [this](int fd, const std::atomic<bool>& stopping) {
    std::string pending;
    std::string head;
    if (!read_request_head(fd, pending, head)) return;
    ++requests_;
    const std::string answer = "HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: " +
                               std::to_string(kClaimedSize) + "\r\nConnection: close\r\n\r\n";
    if (!send_all(fd, answer.data(), answer.size())) return;
    // An MP4 box header's first bytes, then zeros, one at a time.
    const char start[] = {0, 0, 0, 32, 'f', 't', 'y', 'p'};
    for (long long i = 0; i < kClaimedSize && !stopping; ++i) {
      const char byte = i < static_cast<long long>(sizeof start) ? start[i] : 0;
      if (!send_all(fd, &byte, 1)) return;
      ++bytes_sent_;
      // Sliced so that stopping the server does not wait a whole pause.
      for (auto slept = std::chrono::milliseconds(0); slept < pause_ && !stopping; slept += std::chrono::milliseconds(20)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  });
}

}  // namespace tg::testing
