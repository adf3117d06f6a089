#include "support/server_process.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>

#include "support/cluster_mode.hpp"

namespace tg::testing {

std::unique_ptr<ServerProcess> ServerProcess::start(const std::vector<std::string>& args, const std::string& cwd,
                                                    const ChildLimits& limits) {
  // Under the cluster label the server's config is pointed at PostgreSQL and Redis first.
  if (cluster_mode() && !args.empty() && args[0] == "serve") {
    for (size_t i = 1; i + 1 < args.size(); ++i) {
      if (args[i] == "--config") point_config_at_cluster(args[i + 1], cwd);
    }
  }
  std::unique_ptr<ServerProcess> proc(new ServerProcess());
  int fds[2];
  if (pipe(fds) != 0) {
    ADD_FAILURE() << "pipe failed";
    return nullptr;
  }
  std::vector<std::string> storage;
  storage.emplace_back(TG_THUMBGATE_BIN);
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : storage) argv.push_back(s.data());
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    close(fds[1]);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(126);
    if (limits.open_files > 0) {
      const rlimit files{static_cast<rlim_t>(limits.open_files), static_cast<rlim_t>(limits.open_files)};
      if (setrlimit(RLIMIT_NOFILE, &files) != 0) _exit(125);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(fds[1]);
  if (pid < 0) {
    close(fds[0]);
    ADD_FAILURE() << "fork failed";
    return nullptr;
  }
  proc->pid_ = pid;
  proc->reader_ = std::thread([p = proc.get(), fd = fds[0]] { p->reader_loop(fd); });
  static const std::regex kListening(R"(listening on http://[^:\s]+:(\d+))");
  std::unique_lock lock(proc->mutex_);
  bool ok = proc->changed_.wait_for(lock, std::chrono::seconds(30), [&] {
    std::smatch m;
    if (std::regex_search(proc->output_, m, kListening)) {
      proc->port_ = static_cast<uint16_t>(std::stoi(m[1].str()));
      return true;
    }
    return proc->eof_;
  });
  if (!ok || proc->port_ == 0) {
    std::string out = proc->output_;
    lock.unlock();
    ADD_FAILURE() << "thumbgate did not start listening; output:\n" << out;
    return nullptr;
  }
  return proc;
}

void ServerProcess::reader_loop(int fd) {
  char buf[4096];
  while (true) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    std::lock_guard lock(mutex_);
    output_.append(buf, static_cast<size_t>(n));
    changed_.notify_all();
  }
  close(fd);
  std::lock_guard lock(mutex_);
  eof_ = true;
  changed_.notify_all();
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) kill_hard();
  if (reader_.joinable()) reader_.join();
}

std::string ServerProcess::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::string ServerProcess::output() const {
  std::lock_guard lock(mutex_);
  return output_;
}

bool ServerProcess::wait_for_output(const std::string& text, int timeout_ms) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                           [&] { return output_.find(text) != std::string::npos || eof_; }) &&
         output_.find(text) != std::string::npos;
}

int ServerProcess::terminate() {
  if (pid_ <= 0) return -1;
  send_signal(SIGTERM);
  // Bounded wait: escalate to SIGKILL after 20 s so a hung shutdown cannot hang the suite.
  int status = wait_exit(20000);
  if (pid_ > 0) {
    ADD_FAILURE() << "thumbgate did not exit within 20 s of SIGTERM";
    kill_hard();
  }
  return status;
}

void ServerProcess::send_signal(int signal_number) {
  if (pid_ > 0) ::kill(pid_, signal_number);
}

int ServerProcess::wait_exit(int timeout_ms) {
  if (pid_ <= 0) return -1;
  int status = 0;
  for (int waited = 0;; waited += 20) {
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      if (reader_.joinable()) reader_.join();
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    if (waited >= timeout_ms) return -1;
    usleep(20 * 1000);
  }
}

void ServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  if (reader_.joinable()) reader_.join();
}

}  // namespace tg::testing
