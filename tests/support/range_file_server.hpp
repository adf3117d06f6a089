#pragma once
// A loopback HTTP/1.1 origin that serves the files of one folder under "/origin/", honouring
// "Range: bytes=a-[b]" (404 for anything else), and records what was asked.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "support/loopback_server.hpp"

namespace tg::testing {

struct RangeFileServerOptions {
  std::string address = "127.0.0.1";
  bool keep_alive = false;     // serve several requests per connection (else one, then close)
  bool honour_range = true;    // false: answer 200 with the whole file whatever the Range header says
  bool honour_range_end = true;  // false: answer 206 from the range's start to the end of the file
};

class RangeFileServer {
 public:
  explicit RangeFileServer(std::string folder, RangeFileServerOptions options = RangeFileServerOptions());

  /// "http://ADDRESS:PORT/origin"; a file is at base_url() + "/" + its percent-encoded relative path.
  std::string base_url() const;
  /// Request targets received so far, in order.
  std::vector<std::string> paths() const;
  /// Range header values received so far, in order ("" for a request without one).
  std::vector<std::string> ranges() const;
  int requests() const;
  int connections() const { return server_->connections(); }

 private:
  void serve(int client, const std::atomic<bool>& stopping);

  std::string folder_;
  RangeFileServerOptions options_;
  mutable std::mutex mu_;
  std::vector<std::string> paths_;
  std::vector<std::string> ranges_;
  std::unique_ptr<LoopbackServer> server_;  // last: stopped before the rest goes
};

}  // namespace tg::testing
