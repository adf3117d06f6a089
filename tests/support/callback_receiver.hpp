#pragma once
// A real loopback HTTP endpoint that records the POSTs it gets and answers with scripted statuses.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tg::testing {

struct ReceivedRequest {
  std::string method;
  std::string target;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased
};

class CallbackReceiver {
 public:
  CallbackReceiver();  // binds 127.0.0.1 on a free port and starts accepting
  ~CallbackReceiver();
  CallbackReceiver(const CallbackReceiver&) = delete;
  CallbackReceiver& operator=(const CallbackReceiver&) = delete;

  uint16_t port() const { return port_; }
  std::string url(const std::string& path = "/callback") const;
  /// The next requests get these statuses, in order; afterwards 200.
  void script_statuses(std::vector<int> statuses);
  /// Every answer carries this body from now on (default "ok").
  void set_response_body(std::string body);
  /// Waits until at least `count` requests arrived; returns them all.
  std::vector<ReceivedRequest> wait_for(std::size_t count, int timeout_ms);
  std::vector<ReceivedRequest> received() const;

 private:
  void accept_loop();
  void serve(int fd);

  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<int> statuses_;
  std::string response_body_ = "ok";
  std::vector<ReceivedRequest> received_;
};

}  // namespace tg::testing
