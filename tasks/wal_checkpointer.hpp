#pragma once
// Checkpoints a WAL database from a connection and a thread of its own, so that the commit that fills the
// log does not also copy it back into the database and wait for its fsyncs (SQLite's automatic checkpoint
// runs inside that commit, holding up every submission behind it). The writing connection's automatic
// checkpoint is replaced by a hook that wakes this thread once the log holds `pages` pages; should the log
// still grow to 8 times that (checkpoints held back by readers), the writer checkpoints as before.

#include <sqlite3.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/result.hpp"
#include "tasks/sqlite_database.hpp"

namespace tg::tasks {

class WalCheckpointer {
 public:
  static constexpr int kDefaultPages = 1000;  // SQLite's own automatic checkpoint threshold

  /// Opens a second connection to `path` and hooks `writer` (a connection to the same file, which must
  /// outlive this object).
  static tg::Result<std::unique_ptr<WalCheckpointer>, std::string> start(sqlite3* writer, const std::string& path,
                                                                          int pages = kDefaultPages);
  /// Unhooks the writer (its automatic checkpoint comes back) and joins the thread.
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  /// Checkpoints run by the thread so far.
  uint64_t checkpoints() const;

 private:
  WalCheckpointer(sqlite3* writer, std::unique_ptr<SqliteDatabase> own, int pages);
  static int on_commit(void* self, sqlite3* db, const char* schema, int pages);
  void run();

  sqlite3* writer_;
  std::unique_ptr<SqliteDatabase> own_;
  const int pages_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool due_ = false;
  bool stopping_ = false;
  uint64_t checkpoints_ = 0;
  std::thread thread_;  // last: started once everything above exists
};

}  // namespace tg::tasks
