#include "tasks/postgres/pg_listener.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "tasks/postgres/pg_task_store.hpp"

namespace tg::tasks {

PgListener::PgListener(std::string url, std::function<void()> on_task, std::function<void()> on_callback,
                       std::function<void()> on_media, Options options)
    : url_(std::move(url)),
      on_task_(std::move(on_task)),
      on_callback_(std::move(on_callback)),
      on_media_(std::move(on_media)),
      options_(options),
      wake_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)),
      thread_([this] { run(); }) {}

PgListener::~PgListener() {
  stop();
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void PgListener::stop() {
  {
    std::lock_guard lock(mutex_);  // so that a pause() about to wait sees it
    stopping_ = true;
  }
  changed_.notify_all();
  if (wake_fd_ >= 0) {
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t written = ::write(wake_fd_, &one, sizeof one);
  }
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

bool PgListener::wait_listening(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [this] { return listening_ || stopping_; }) && listening_;
}

std::string PgListener::last_error() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

void PgListener::set_listening(bool listening) {
  {
    std::lock_guard lock(mutex_);
    listening_ = listening;
  }
  changed_.notify_all();
}

void PgListener::pause(int ms) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping_.load(); });
}

StoreResult<std::unique_ptr<PgConnection>> PgListener::listen() {
  TG_TRY_ASSIGN(std::unique_ptr<PgConnection> conn, PgConnection::connect(url_, options_.connect_timeout_s));
  TG_TRY(conn->exec(std::string("LISTEN ") + kTasksChannel));
  TG_TRY(conn->exec(std::string("LISTEN ") + kCallbacksChannel));
  if (on_media_) TG_TRY(conn->exec(std::string("LISTEN ") + kMediaChannel));
  TG_TRY_ASSIGN(PgRows schema, conn->exec("SELECT COALESCE(current_schema(), '')"));
  schema_ = schema.text(0, 0);
  if (PQsetnonblocking(conn->native(), 1) != 0) {
    return tg::unexpected(StoreError{"listening on " + conn->name() + ": cannot make the connection non-blocking"});
  }
  return conn;
}

bool PgListener::drain(PgConnection& conn) {
  if (PQconsumeInput(conn.native()) == 0) return false;
  bool task = false;
  bool callback = false;
  bool media = false;
  while (PgNotifyPtr notify{PQnotifies(conn.native())}) {
    // Stores in other schemas of the same database notify the same channels: not ours.
    if (notify->extra == nullptr || schema_ != notify->extra) continue;
    if (std::strcmp(notify->relname, kTasksChannel) == 0) task = true;
    if (std::strcmp(notify->relname, kCallbacksChannel) == 0) callback = true;
    if (std::strcmp(notify->relname, kMediaChannel) == 0) media = true;
  }
  // One call for what arrived together: the callbacks look at the store, which shows all of it.
  if (task && !stopping_) on_task_();
  if (callback && !stopping_) on_callback_();
  if (media && on_media_ && !stopping_) on_media_();
  return !conn.broken();
}

void PgListener::run() {
  int backoff_ms = options_.reconnect_min_ms;
  bool lost_before = false;
  while (!stopping_) {
    auto conn = listen();
    if (!conn) {
      {
        std::lock_guard lock(mutex_);
        last_error_ = conn.error().message;
      }
      pause(backoff_ms);
      backoff_ms = std::min(backoff_ms * 2, options_.reconnect_max_ms);
      continue;
    }
    backoff_ms = options_.reconnect_min_ms;
    {
      std::lock_guard lock(mutex_);
      last_error_.clear();
    }
    set_listening(true);
    if (lost_before && !stopping_) {
      on_task_();
      on_callback_();
      if (on_media_) on_media_();
    }
    while (!stopping_) {
      pollfd fds[2] = {{PQsocket((*conn)->native()), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
      if (fds[0].fd < 0) break;
      const int ready = ::poll(fds, wake_fd_ >= 0 ? 2 : 1, options_.poll_ms);
      if (ready < 0 && errno != EINTR) break;
      if (ready > 0 && fds[0].revents != 0 && !drain(**conn)) break;
    }
    set_listening(false);
    lost_before = true;
    if (!stopping_) pause(backoff_ms);
  }
}

}  // namespace tg::tasks
