#pragma once
// A loopback HTTP/1.1 server that answers every request with a redirect to one fixed location.

#include <atomic>
#include <memory>
#include <string>

#include "support/loopback_server.hpp"

namespace tg::testing {

class RedirectServer {
 public:
  /// Answers `status` (301, 302, 307, ...) with "Location: <location>".
  explicit RedirectServer(std::string location, int status = 302, const std::string& address = "127.0.0.1");

  /// "http://ADDRESS:PORT" + path.
  std::string url(const std::string& path = "/clip.mp4") const { return server_->origin() + path; }
  int requests() const { return requests_; }

 private:
  std::string location_;
  int status_;
  std::atomic<int> requests_{0};
  std::unique_ptr<LoopbackServer> server_;  // last: stopped before the rest goes
};

}  // namespace tg::testing
