#include "tasks/wal_checkpointer.hpp"

#include <pthread.h>
#include <signal.h>

#include <utility>

namespace tg::tasks {

tg::Result<std::unique_ptr<WalCheckpointer>, std::string> WalCheckpointer::start(sqlite3* writer,
                                                                                 const std::string& path,
                                                                                 int pages) {
  auto own = SqliteDatabase::open(path);
  if (!own) return tg::unexpected(own.error());
  return std::unique_ptr<WalCheckpointer>(new WalCheckpointer(writer, std::move(*own), pages));
}

WalCheckpointer::WalCheckpointer(sqlite3* writer, std::unique_ptr<SqliteDatabase> own, int pages)
    : writer_(writer), own_(std::move(own)), pages_(pages > 0 ? pages : kDefaultPages), thread_([this] { run(); }) {
  sqlite3_wal_hook(writer_, &WalCheckpointer::on_commit, this);
}

WalCheckpointer::~WalCheckpointer() {
  sqlite3_wal_autocheckpoint(writer_, kDefaultPages);  // replaces the hook
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

int WalCheckpointer::on_commit(void* self, sqlite3* db, const char* schema, int pages) {
  auto* checkpointer = static_cast<WalCheckpointer*>(self);
  if (pages >= 8 * checkpointer->pages_) {
    // The thread's checkpoints are not keeping the log short: the committing connection does one.
    (void)sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  } else if (pages >= checkpointer->pages_) {
    std::lock_guard lock(checkpointer->mutex_);
    if (!checkpointer->due_) {
      checkpointer->due_ = true;
      checkpointer->wake_.notify_one();
    }
  }
  return SQLITE_OK;
}

void WalCheckpointer::run() {
  // Process signals (SIGTERM, SIGINT) are for the thread that waits for them, whenever this one started.
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, nullptr);
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return due_ || stopping_; });
    if (stopping_) return;
    due_ = false;
    lock.unlock();
    // PASSIVE: copies what no reader still needs, without waiting for (or blocking) the writer.
    (void)sqlite3_wal_checkpoint_v2(own_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    lock.lock();
    ++checkpoints_;
  }
}

uint64_t WalCheckpointer::checkpoints() const {
  std::lock_guard lock(mutex_);
  return checkpoints_;
}

}  // namespace tg::tasks
