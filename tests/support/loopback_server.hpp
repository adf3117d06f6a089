#pragma once
// A TCP listener on a loopback address and port 0 that hands each accepted connection to a handler on
// a thread of its own, and stops them all when destroyed (their sockets are shut down). The base of the
// small HTTP servers the tests talk to.

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tg::testing {

class LoopbackServer {
 public:
  /// Serves one connection; return when done (the socket is closed afterwards). `stopping` is raised
  /// when the server is being destroyed.
  using Handler = std::function<void(int fd, const std::atomic<bool>& stopping)>;

  /// Listens on `address` ("127.0.0.1", "127.0.0.2", "::1") at a free port.
  LoopbackServer(const std::string& address, Handler handler);
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  uint16_t port() const { return port_; }
  /// "http://ADDRESS:PORT" (IPv6 in brackets).
  std::string origin() const;
  /// Connections accepted so far.
  int connections() const { return connections_; }

 private:
  void accept_loop();

  std::string address_;
  Handler handler_;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::thread acceptor_;
  std::mutex mu_;
  std::vector<std::thread> workers_;
  std::vector<int> clients_;
};

/// Reads one request head (up to and including the blank line) from `fd` into `head`; false when the
/// peer closed first. Bytes after the head stay in `pending` for the next call.
bool read_request_head(int fd, std::string& pending, std::string& head);

/// The value of header `name` (case-insensitive) in a request head, "" when absent.
std::string header_value(const std::string& head, const std::string& name);

/// The request target of a request head ("/a/b.mp4").
std::string request_target(const std::string& head);

/// Sends all of `data`; false when the peer went away.
bool send_all(int fd, const char* data, std::size_t size);

}  // namespace tg::testing
