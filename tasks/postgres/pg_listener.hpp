#pragma once
// Wakes this process when another one (or this one) makes a task claimable or a callback due, or changes
// the media table: its own connection LISTENs on the store's channels (pg_task_store.hpp) and a thread
// calls on_task(), on_callback() or on_media() (when given) for each notification of the store's schema.
// The thread waits on the socket and on an eventfd that stop() signals, so that a stopping gateway does not
// wait out a poll; a dropped connection is opened again with a growing pause, and after that every callback
// runs once (notifications sent meanwhile were lost). RAII: the destructor stops it.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "tasks/postgres/pg_connection.hpp"

namespace tg::tasks {

class PgListener {
 public:
  struct Options {
    int poll_ms = 100;              // the longest wait on the socket (stop() is seen at once)
    int reconnect_min_ms = 100;     // the first pause after a lost connection, doubled on each failure
    int reconnect_max_ms = 5'000;
    int connect_timeout_s = 5;
  };

  PgListener(std::string url, std::function<void()> on_task, std::function<void()> on_callback,
             std::function<void()> on_media, Options options);
  PgListener(std::string url, std::function<void()> on_task, std::function<void()> on_callback, Options options)
      : PgListener(std::move(url), std::move(on_task), std::move(on_callback), nullptr, options) {}
  PgListener(std::string url, std::function<void()> on_task, std::function<void()> on_callback)
      : PgListener(std::move(url), std::move(on_task), std::move(on_callback), nullptr, Options{}) {}
  ~PgListener();
  PgListener(const PgListener&) = delete;
  PgListener& operator=(const PgListener&) = delete;

  /// Stops the thread (idempotent); no callback runs after it returns.
  void stop();
  /// Waits until the connection listens (true) or `timeout` passes (false).
  bool wait_listening(std::chrono::milliseconds timeout);
  /// The last connection error, "" while none.
  std::string last_error() const;

 private:
  void run();
  // Connects and LISTENs; the schema the store's notifications carry goes to schema_.
  StoreResult<std::unique_ptr<PgConnection>> listen();
  // Reads what arrived on `conn` and calls back; false when the connection is lost.
  bool drain(PgConnection& conn);
  // Sleeps up to ms, or until stop().
  void pause(int ms);
  void set_listening(bool listening);

  const std::string url_;
  const std::function<void()> on_task_;
  const std::function<void()> on_callback_;
  const std::function<void()> on_media_;  // may be empty
  const Options options_;
  std::string schema_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool listening_ = false;
  std::string last_error_;
  int wake_fd_ = -1;  // an eventfd stop() writes to; -1 when none could be made (then poll_ms bounds the wait)
  std::thread thread_;
};

}  // namespace tg::tasks
