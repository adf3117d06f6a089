#include "tasks/sqlite_database.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "tasks/wal_write_coalescing.hpp"

namespace tg::tasks {

Statement::~Statement() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Statement& Statement::bind(int index, std::string_view text) {
  if (bind_rc_ == SQLITE_OK) {
    bind_rc_ = sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  return *this;
}

Statement& Statement::bind(int index, int64_t value) {
  if (bind_rc_ == SQLITE_OK) bind_rc_ = sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement::Step Statement::step() {
  if (bind_rc_ != SQLITE_OK) return Step::kError;
  step_rc_ = sqlite3_step(stmt_);
  if (step_rc_ == SQLITE_ROW) return Step::kRow;
  if (step_rc_ == SQLITE_DONE) return Step::kDone;
  return Step::kError;
}

std::string Statement::error() const {
  int rc = bind_rc_ != SQLITE_OK ? bind_rc_ : step_rc_;
  std::string message = sqlite3_errstr(rc);
  if (sqlite3* db = sqlite3_db_handle(stmt_)) {
    message += ": ";
    message += sqlite3_errmsg(db);
  }
  return message;
}

std::string Statement::text(int column) const {
  const unsigned char* data = sqlite3_column_text(stmt_, column);
  if (data == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(data), static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

namespace {

// Settings of the library itself, made once before its first use (later they are refused, and ignored).
void configure_library() {
  static std::once_flag once;
  std::call_once(once, [] {
    // No memory statistics: they cost a global lock around every allocation of every connection.
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  });
}

}  // namespace

tg::Result<std::unique_ptr<SqliteDatabase>, std::string> SqliteDatabase::open(const std::string& path) {
  configure_library();
  // A new database file is the owner's alone; SQLite gives its -wal and -shm files the same mode. Only a
  // file that does not exist yet is created (and closed) here: closing a descriptor of a file drops every
  // POSIX lock the process holds on it, including those of this process's other connections to it (a
  // process whose locks are gone may see its log checkpointed and deleted under it by another process).
  if (path != ":memory:" && path.rfind("file:", 0) != 0) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd >= 0) ::close(fd);  // EEXIST is fine; other failures are reported by the open below
  }
  sqlite3* raw = nullptr;
  // The log's writes of a commit go out in one system call (tasks/wal_write_coalescing; needs synchronous=FULL).
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           wal_coalescing_vfs());
  SqliteHandle handle(raw);  // sqlite3_open_v2 hands out a handle even on failure; it must be closed
  if (rc != SQLITE_OK) {
    std::string message = "cannot open " + path + ": ";
    message += raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    return tg::unexpected(std::move(message));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, 5000);
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(std::move(handle)));
  // Named once here: sync_log runs on other threads than the connection's.
  if (const char* database = sqlite3_db_filename(raw, "main"); database != nullptr && *database != '\0') {
    db->log_path_ = sqlite3_filename_wal(database);
  }
  // journal_mode returns a row; exec ignores it. Memory databases stay in "memory" mode.
  // synchronous=FULL: each commit is on the disk (fsync of the log) before it returns, so a task answered as
  // accepted survives a power cut too, not only a crash of the process; submissions share commits
  // (tasks/submit_batcher), so they share the fsync as well.
  // cache_size: up to 32 MiB of pages per connection (the default is 2 MiB). Every submission touches about
  // ten index b-trees of tasks; with the default cache a long queue sends most page reads to the kernel.
  // temp_store=MEMORY: the statement journals of inserts inside a transaction stay in memory instead of
  // going through a temporary file (a write per statement; a third of the cost of a submission).
  // checkpoint_fullfsync: a checkpoint's syncs ask for SQLITE_SYNC_FULL (on Linux the same fdatasync), which
  // tells them from a commit's, the only ones DeferredLogSyncs may defer.
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA checkpoint_fullfsync=ON",
                             "PRAGMA foreign_keys=ON", "PRAGMA cache_size=-32768", "PRAGMA temp_store=MEMORY"}) {
    auto done = db->exec(pragma);
    if (!done) return tg::unexpected("cannot configure " + path + ": " + done.error());
  }
  return db;
}

tg::Result<Ok, std::string> SqliteDatabase::sync_log() {
  if (log_path_.empty()) return Ok{};  // a memory or temporary database
  std::lock_guard lock(log_mutex_);
  struct stat st {};
  // The log is removed only by the last connection to close, after checkpointing it into the database;
  // while this one is open it stays. Were it replaced all the same, the new one is what needs the sync.
  if (log_fd_.get() < 0 || ::fstat(log_fd_.get(), &st) != 0 || st.st_nlink == 0) {
    log_fd_.reset(::open(log_path_.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (log_fd_.get() < 0) return tg::unexpected(std::string("cannot open the task log: ") + std::strerror(errno));
  }
  if (::fdatasync(log_fd_.get()) != 0) {
    return tg::unexpected(std::string("cannot sync the task log: ") + std::strerror(errno));
  }
  return Ok{};
}

tg::Result<Ok, std::string> SqliteDatabase::exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string error = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    return tg::unexpected(std::move(error));
  }
  return Ok{};
}

tg::Result<sqlite3_stmt*, std::string> SqliteDatabase::prepare(const std::string& sql) {
  auto found = statements_.find(sql);
  if (found != statements_.end()) return found->second.get();
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v3(db_.get(), sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                              &raw, nullptr);
  StatementHandle stmt(raw);
  if (rc != SQLITE_OK) return tg::unexpected(std::string("prepare failed: ") + sqlite3_errmsg(db_.get()));
  sqlite3_stmt* result = stmt.get();
  statements_.emplace(sql, std::move(stmt));
  return result;
}

int SqliteDatabase::changes() const { return sqlite3_changes(db_.get()); }

int64_t SqliteDatabase::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_.get()); }

std::string SqliteDatabase::last_error() const { return sqlite3_errmsg(db_.get()); }

WriteTransaction::~WriteTransaction() {
  if (open_) (void)db_.exec("ROLLBACK");
}

tg::Result<Ok, std::string> WriteTransaction::begin() {
  auto done = db_.exec("BEGIN IMMEDIATE");
  if (!done) return tg::unexpected("BEGIN IMMEDIATE: " + done.error());
  open_ = true;
  return Ok{};
}

tg::Result<Ok, std::string> WriteTransaction::commit() {
  auto done = db_.exec("COMMIT");
  if (!done) return tg::unexpected("COMMIT: " + done.error());
  open_ = false;
  return Ok{};
}

}  // namespace tg::tasks
