#pragma once
// The HTTP edge: the only place Boost.Beast appears. Accepts connections, reads requests into
// tg::ApiRequest, hands them to an asynchronous handler, and writes the tg::ApiResponse back.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/api_message.hpp"
#include "core/result.hpp"

namespace tg::gateway {

/// Handles one request. Must not block for long: slow work goes to a worker pool, then `respond`.
using Handler = std::function<void(ApiRequest, Respond)>;

struct HttpServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;  // 0 = any free port (see HttpServer::port())
  int io_threads = 2;
  std::size_t body_limit = 1 << 20;
  // A connection (new, or kept alive after an answer) whose next request head is not complete by then
  // is closed.
  std::chrono::milliseconds header_timeout{10000};
  std::chrono::seconds read_timeout{30};  // for the rest of a request (its body), and for each answer
  // Connections open at once. One more is accepted past the cap, and the connection idle the longest
  // (waiting for a request head) is closed to make room for it; while one is past the cap the server
  // stops accepting (clients wait in the listen backlog) until a connection closes.
  std::size_t max_connections = 1000;
  std::string server_name = "thumbgate";
  // Told of each request the server answers itself because it could not be read (400 malformed, 413 body
  // over body_limit), with the status and that answer's size; the handler never sees those.
  std::function<void(int status, std::size_t bytes)> refused;
};

class HttpServer {
 public:
  struct Stats {
    std::size_t open_connections = 0;
    uint64_t exhausted_accepts = 0;  // accepts that failed for want of descriptors or memory
    uint64_t evicted_idle = 0;       // idle connections closed to make room at the cap
  };

  HttpServer(HttpServerOptions options, Handler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds and listens without serving yet; returns the bound port or why binding failed.
  tg::Result<uint16_t, std::string> bind();
  /// Binds (unless bind() did) and starts accepting on the I/O threads; returns the bound port.
  tg::Result<uint16_t, std::string> start();
  /// Closes the listener; kept-alive connections close once their request in progress is answered,
  /// idle ones at once.
  void stop_accepting();
  /// Waits until no request is being answered, for up to `timeout`; true when none is.
  bool wait_answered(std::chrono::milliseconds timeout);
  /// Stops accepting, closes connections and joins the I/O threads. Idempotent.
  void stop();
  uint16_t port() const;
  Stats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tg::gateway
