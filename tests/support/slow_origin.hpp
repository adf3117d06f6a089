#pragma once
// A loopback HTTP/1.1 origin that serves the files of one folder under "/slow/" (honouring
// "Range: bytes=a-[b]", one request per connection) slowly: while held, every request waits before its
// answer; while trickling, bodies are sent a few bytes at a time. For tests of work that outlives a
// request or hogs workers.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace tg::testing {

class SlowOrigin {
 public:
  explicit SlowOrigin(std::string folder);
  ~SlowOrigin();
  SlowOrigin(const SlowOrigin&) = delete;
  SlowOrigin& operator=(const SlowOrigin&) = delete;

  /// "http://127.0.0.1:PORT/slow"; a file is at base_url() + "/" + its name.
  std::string base_url() const;
  /// Requests wait before their answer until release().
  void hold();
  void release();
  /// Bodies go out `bytes` at a time, one piece every `every`; 0 bytes = at full speed.
  void trickle(std::size_t bytes, std::chrono::milliseconds every);
  int requests() const { return requests_.load(); }
  /// Waits until at least `count` requests arrived; false when `timeout_ms` passed first.
  bool wait_requests(int count, int timeout_ms) const;

 private:
  void accept_loop();
  void serve(int client);
  bool send_slowly(int client, const char* data, std::size_t size);

  std::string folder_;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::thread acceptor_;
  mutable std::mutex mu_;
  mutable std::condition_variable changed_;
  bool held_ = false;
  bool stopping_ = false;
  std::size_t trickle_bytes_ = 0;
  std::chrono::milliseconds trickle_every_{0};
  std::set<int> clients_;
  std::vector<std::thread> workers_;
  std::atomic<int> requests_{0};
};

}  // namespace tg::testing
