#pragma once
// One SQLite connection: opened with WAL and a busy timeout, statements prepared once and reused,
// write transactions started with BEGIN IMMEDIATE. Not thread-safe: the owner serialises access.

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.hpp"
#include "core/unique_fd.hpp"
#include "tasks/sqlite_handles.hpp"

namespace tg::tasks {

/// A cached prepared statement in use; binds parameters (1-based) and is reset when it goes away.
class Statement {
 public:
  enum class Step { kRow, kDone, kError };

  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }

  /// Runs one step; a bind failure earlier is reported here as kError.
  Step step();
  /// The error of the last failed bind or step.
  std::string error() const;

  std::string text(int column) const;
  int64_t int64(int column) const;
  int integer(int column) const { return static_cast<int>(int64(column)); }

 private:
  sqlite3_stmt* stmt_;
  int bind_rc_ = SQLITE_OK;
  int step_rc_ = SQLITE_OK;
};

class SqliteDatabase {
 public:
  /// Opens (creating) the file at `path` with WAL, busy_timeout 5000, foreign_keys, synchronous=FULL
  /// (checkpoints with checkpoint_fullfsync, see tasks/wal_write_coalescing.hpp), a 32 MiB page cache and
  /// temporary storage in memory.
  static tg::Result<std::unique_ptr<SqliteDatabase>, std::string> open(const std::string& path);

  /// Puts everything written to this database's log so far on the disk (fdatasync of the -wal file, through
  /// a descriptor of its own): what commits made under DeferredLogSyncs need before they are reported.
  /// Nothing to do for a memory database. Unlike the rest, safe to call from any thread at any time.
  tg::Result<Ok, std::string> sync_log();

  /// Runs one or more statements without results.
  tg::Result<Ok, std::string> exec(std::string_view sql);
  /// The cached statement for `sql`, prepared on first use.
  tg::Result<sqlite3_stmt*, std::string> prepare(const std::string& sql);
  /// Rows changed by the last INSERT/UPDATE/DELETE.
  int changes() const;
  int64_t last_insert_rowid() const;
  std::string last_error() const;
  sqlite3* handle() const { return db_.get(); }

 private:
  explicit SqliteDatabase(SqliteHandle db) : db_(std::move(db)) {}

  // Declared before db_: closed after the connection, so that no lock SQLite holds goes with it.
  std::string log_path_;  // the -wal file; empty for a memory database
  std::mutex log_mutex_;
  UniqueFd log_fd_;
  SqliteHandle db_;
  // Declared after db_ so the statements are finalized before the connection closes.
  std::unordered_map<std::string, StatementHandle> statements_;
};

/// A write transaction: begin() takes the write lock (BEGIN IMMEDIATE); rolled back on destruction unless
/// commit() succeeded.
class WriteTransaction {
 public:
  explicit WriteTransaction(SqliteDatabase& db) : db_(db) {}
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;

  tg::Result<Ok, std::string> begin();
  tg::Result<Ok, std::string> commit();

 private:
  SqliteDatabase& db_;
  bool open_ = false;
};

}  // namespace tg::tasks
