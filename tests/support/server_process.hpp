#pragma once
// Runs the real `thumbgate` binary as a child process for integration tests and reads the port it bound.

#include <sys/types.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tg::testing {

/// Resource limits the child gets before it runs thumbgate (0 = inherited).
struct ChildLimits {
  long open_files = 0;  // RLIMIT_NOFILE, soft and hard
};

class ServerProcess {
 public:
  /// Starts `thumbgate <args…>` in `cwd` (empty = current) and waits up to 30 s for the line
  /// "listening on http://HOST:PORT". Returns nullptr (with a gtest failure) if it does not come.
  static std::unique_ptr<ServerProcess> start(const std::vector<std::string>& args, const std::string& cwd = "",
                                              const ChildLimits& limits = {});
  ~ServerProcess();

  uint16_t port() const { return port_; }
  /// The child's process id while it runs; -1 after it exited.
  pid_t pid() const { return pid_; }
  std::string base_url() const;
  /// Everything the process wrote to stdout and stderr so far.
  std::string output() const;
  /// Waits up to `timeout_ms` for `text` to appear in the output.
  bool wait_for_output(const std::string& text, int timeout_ms) const;
  /// SIGTERM, then waits for exit; returns the exit status (or -1).
  int terminate();
  /// Sends `signal_number` without waiting.
  void send_signal(int signal_number);
  /// Waits up to `timeout_ms` for the process to exit; its exit status, or -1 (still running, or killed by
  /// a signal).
  int wait_exit(int timeout_ms);
  /// SIGKILL, then waits: a crash in the middle of work.
  void kill_hard();

 private:
  ServerProcess() = default;
  void reader_loop(int fd);

  pid_t pid_ = -1;
  uint16_t port_ = 0;
  std::thread reader_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::string output_;
  bool eof_ = false;
};

}  // namespace tg::testing
