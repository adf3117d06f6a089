#pragma once
// A loopback HTTP/1.1 origin that answers at once with headers for a large file, then sends its body one
// byte at a time with a pause between bytes: a stalling origin that is never quite silent.

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "support/loopback_server.hpp"

namespace tg::testing {

class TrickleServer {
 public:
  explicit TrickleServer(std::chrono::milliseconds pause);

  /// "http://127.0.0.1:PORT" + path.
  std::string url(const std::string& path = "/clip.mp4") const { return server_->origin() + path; }
  int requests() const { return requests_; }
  /// Body bytes sent so far, over all connections.
  int bytes_sent() const { return bytes_sent_; }

 private:
  std::chrono::milliseconds pause_;
  std::atomic<int> requests_{0};
  std::atomic<int> bytes_sent_{0};
  std::unique_ptr<LoopbackServer> server_;  // last: stopped before the rest goes
};

}  // namespace tg::testing
