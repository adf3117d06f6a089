#pragma once
// A loopback HTTP/1.1 origin that serves the files of one folder under "/origin/", honouring
// "Range: bytes=a-[b]" (one request per connection, 404 for anything else), and records what was asked.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tg::testing {

class RangeFileServer {
 public:
  explicit RangeFileServer(std::string folder);
  ~RangeFileServer();
  RangeFileServer(const RangeFileServer&) = delete;
  RangeFileServer& operator=(const RangeFileServer&) = delete;

  /// "http://127.0.0.1:PORT/origin"; a file is at base_url() + "/" + its percent-encoded relative path.
  std::string base_url() const;
  /// Request targets received so far, in order.
  std::vector<std::string> paths() const;
  int requests() const { return requests_; }

 private:
  void accept_loop();
  void serve(int client);

  std::string folder_;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::thread acceptor_;
  mutable std::mutex mu_;
  std::vector<std::thread> workers_;
  std::vector<std::string> paths_;
  std::atomic<int> requests_{0};
};

}  // namespace tg::testing
