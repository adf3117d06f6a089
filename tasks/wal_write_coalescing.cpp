#include "tasks/wal_write_coalescing.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace tg::tasks {
namespace {

constexpr const char* kName = "thumbgate-wal-coalescing";
constexpr sqlite3_int64 kCapacity = 1 << 20;  // a commit of ~250 pages; larger ones are written in pieces
// The default (unix) VFS writes at most 0x1ffff bytes in one call and reports a shorter write as a full disk.
constexpr sqlite3_int64 kLargestWrite = 0x1f000;

sqlite3_vfs* base_vfs = nullptr;  // the default VFS, found once at registration

thread_local bool defer_commit_syncs = false;  // DeferredLogSyncs
std::atomic<uint64_t> deferred_syncs{0};

// A log file: the default VFS's file (placed right after this struct in the memory SQLite gives xOpen)
// and the writes not yet made. The buffer always holds one run of bytes, from `start` on.
struct LogFile {
  sqlite3_file base;
  sqlite3_file* real;
  char* buffer;
  sqlite3_int64 start;
  sqlite3_int64 length;
};

constexpr std::size_t kRealOffset = (sizeof(LogFile) + 7) & ~std::size_t{7};

LogFile* as_log(sqlite3_file* file) { return reinterpret_cast<LogFile*>(file); }

int flush(LogFile* log) {
  int rc = SQLITE_OK;
  for (sqlite3_int64 done = 0; done < log->length && rc == SQLITE_OK; done += kLargestWrite) {
    const sqlite3_int64 piece = std::min(kLargestWrite, log->length - done);
    rc = log->real->pMethods->xWrite(log->real, log->buffer + done, static_cast<int>(piece), log->start + done);
  }
  log->length = 0;
  return rc;
}

int log_close(sqlite3_file* file) {
  LogFile* log = as_log(file);
  const int flushed = flush(log);
  const int rc = log->real->pMethods->xClose(log->real);
  std::free(log->buffer);
  log->buffer = nullptr;
  return flushed != SQLITE_OK ? flushed : rc;
}

int log_read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  LogFile* log = as_log(file);
  if (int rc = flush(log); rc != SQLITE_OK) return rc;
  return log->real->pMethods->xRead(log->real, out, amount, offset);
}

int log_write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  LogFile* log = as_log(file);
  const bool follows = log->length > 0 && offset == log->start + log->length;
  if (follows && log->length + amount <= kCapacity) {
    std::memcpy(log->buffer + log->length, data, static_cast<std::size_t>(amount));
    log->length += amount;
    return SQLITE_OK;
  }
  if (int rc = flush(log); rc != SQLITE_OK) return rc;
  if (amount > kLargestWrite) return log->real->pMethods->xWrite(log->real, data, amount, offset);
  if (log->buffer == nullptr) {
    log->buffer = static_cast<char*>(std::malloc(static_cast<std::size_t>(kCapacity)));
    if (log->buffer == nullptr) return log->real->pMethods->xWrite(log->real, data, amount, offset);
  }
  std::memcpy(log->buffer, data, static_cast<std::size_t>(amount));
  log->start = offset;
  log->length = amount;
  return SQLITE_OK;
}

int log_truncate(sqlite3_file* file, sqlite3_int64 size) {
  LogFile* log = as_log(file);
  if (int rc = flush(log); rc != SQLITE_OK) return rc;
  return log->real->pMethods->xTruncate(log->real, size);
}

int log_sync(sqlite3_file* file, int flags) {
  LogFile* log = as_log(file);
  if (int rc = flush(log); rc != SQLITE_OK) return rc;
  // A commit asks for SQLITE_SYNC_NORMAL; a checkpoint, with checkpoint_fullfsync on, for SQLITE_SYNC_FULL.
  if (defer_commit_syncs && (flags & 0x0f) == SQLITE_SYNC_NORMAL) {
    deferred_syncs.fetch_add(1, std::memory_order_relaxed);
    return SQLITE_OK;
  }
  return log->real->pMethods->xSync(log->real, flags);
}

int log_file_size(sqlite3_file* file, sqlite3_int64* size) {
  LogFile* log = as_log(file);
  if (int rc = flush(log); rc != SQLITE_OK) return rc;
  return log->real->pMethods->xFileSize(log->real, size);
}

int log_lock(sqlite3_file* file, int level) {
  LogFile* log = as_log(file);
  return log->real->pMethods->xLock(log->real, level);
}

int log_unlock(sqlite3_file* file, int level) {
  LogFile* log = as_log(file);
  return log->real->pMethods->xUnlock(log->real, level);
}

int log_check_reserved_lock(sqlite3_file* file, int* reserved) {
  LogFile* log = as_log(file);
  return log->real->pMethods->xCheckReservedLock(log->real, reserved);
}

int log_file_control(sqlite3_file* file, int op, void* arg) {
  LogFile* log = as_log(file);
  if (op == SQLITE_FCNTL_VFSNAME) {
    // The default VFS's name follows this one's, as SQLite's own shims report theirs.
    const int rc = log->real->pMethods->xFileControl(log->real, op, arg);
    char** name = static_cast<char**>(arg);
    *name = rc == SQLITE_OK && *name != nullptr ? sqlite3_mprintf("%s/%z", kName, *name) : sqlite3_mprintf("%s", kName);
    return SQLITE_OK;
  }
  if (int rc = flush(log); rc != SQLITE_OK) return rc;
  return log->real->pMethods->xFileControl(log->real, op, arg);
}

int log_sector_size(sqlite3_file* file) {
  LogFile* log = as_log(file);
  return log->real->pMethods->xSectorSize(log->real);
}

int log_device_characteristics(sqlite3_file* file) {
  LogFile* log = as_log(file);
  return log->real->pMethods->xDeviceCharacteristics(log->real);
}

// Version 1: a log file is never memory-mapped and has no shared memory of its own (the database file has).
const sqlite3_io_methods kLogMethods = {
    1,
    log_close,
    log_read,
    log_write,
    log_truncate,
    log_sync,
    log_file_size,
    log_lock,
    log_unlock,
    log_check_reserved_lock,
    log_file_control,
    log_sector_size,
    log_device_characteristics,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
};

int vfs_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  // Everything but a log file is the default VFS's file, in the same memory.
  if ((flags & SQLITE_OPEN_WAL) == 0) return base_vfs->xOpen(base_vfs, name, file, flags, out_flags);
  LogFile* log = as_log(file);
  log->base.pMethods = nullptr;  // until the default VFS has opened it: SQLite closes nothing then
  log->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + kRealOffset);
  log->buffer = nullptr;
  log->start = 0;
  log->length = 0;
  const int rc = base_vfs->xOpen(base_vfs, name, log->real, flags, out_flags);
  if (rc != SQLITE_OK) return rc;  // the default VFS has released what it took
  log->base.pMethods = &kLogMethods;
  return SQLITE_OK;
}

// The rest is the default VFS's, called with its own object (its functions may read their own fields).
int vfs_delete(sqlite3_vfs*, const char* name, int sync_dir) { return base_vfs->xDelete(base_vfs, name, sync_dir); }
int vfs_access(sqlite3_vfs*, const char* name, int flags, int* out) {
  return base_vfs->xAccess(base_vfs, name, flags, out);
}
int vfs_full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
  return base_vfs->xFullPathname(base_vfs, name, size, out);
}
void* vfs_dl_open(sqlite3_vfs*, const char* name) { return base_vfs->xDlOpen(base_vfs, name); }
void vfs_dl_error(sqlite3_vfs*, int size, char* out) { base_vfs->xDlError(base_vfs, size, out); }
void (*vfs_dl_sym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
  return base_vfs->xDlSym(base_vfs, handle, symbol);
}
void vfs_dl_close(sqlite3_vfs*, void* handle) { base_vfs->xDlClose(base_vfs, handle); }
int vfs_randomness(sqlite3_vfs*, int size, char* out) { return base_vfs->xRandomness(base_vfs, size, out); }
int vfs_sleep(sqlite3_vfs*, int microseconds) { return base_vfs->xSleep(base_vfs, microseconds); }
int vfs_current_time(sqlite3_vfs*, double* out) { return base_vfs->xCurrentTime(base_vfs, out); }
int vfs_get_last_error(sqlite3_vfs*, int size, char* out) { return base_vfs->xGetLastError(base_vfs, size, out); }
int vfs_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) { return base_vfs->xCurrentTimeInt64(base_vfs, out); }

sqlite3_vfs coalescing_vfs{};

bool register_vfs() {
  base_vfs = sqlite3_vfs_find(nullptr);
  if (base_vfs == nullptr || base_vfs->iVersion < 2 || base_vfs->xCurrentTimeInt64 == nullptr) return false;
  coalescing_vfs.iVersion = 2;
  coalescing_vfs.szOsFile = static_cast<int>(kRealOffset) + base_vfs->szOsFile;
  coalescing_vfs.mxPathname = base_vfs->mxPathname;
  coalescing_vfs.zName = kName;
  coalescing_vfs.xOpen = vfs_open;
  coalescing_vfs.xDelete = vfs_delete;
  coalescing_vfs.xAccess = vfs_access;
  coalescing_vfs.xFullPathname = vfs_full_pathname;
  coalescing_vfs.xDlOpen = vfs_dl_open;
  coalescing_vfs.xDlError = vfs_dl_error;
  coalescing_vfs.xDlSym = vfs_dl_sym;
  coalescing_vfs.xDlClose = vfs_dl_close;
  coalescing_vfs.xRandomness = vfs_randomness;
  coalescing_vfs.xSleep = vfs_sleep;
  coalescing_vfs.xCurrentTime = vfs_current_time;
  coalescing_vfs.xGetLastError = vfs_get_last_error;
  coalescing_vfs.xCurrentTimeInt64 = vfs_current_time_int64;
  return sqlite3_vfs_register(&coalescing_vfs, 0) == SQLITE_OK;
}

}  // namespace

const char* wal_coalescing_vfs() {
  static std::once_flag once;
  static bool registered = false;
  std::call_once(once, [] { registered = register_vfs(); });
  return registered ? kName : nullptr;
}

DeferredLogSyncs::DeferredLogSyncs() : outer_(defer_commit_syncs) { defer_commit_syncs = true; }

DeferredLogSyncs::~DeferredLogSyncs() { defer_commit_syncs = outer_; }

uint64_t deferred_log_syncs() { return deferred_syncs.load(std::memory_order_relaxed); }

}  // namespace tg::tasks
