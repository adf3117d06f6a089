#pragma once
// A SQLite VFS over the default one that gathers the writes of a commit to the write-ahead log into one
// write call. SQLite writes each frame of the log as two writes (its 24-byte header, then the page), so a
// commit of forty pages costs eighty system calls; this VFS keeps consecutive writes to a log file in a
// buffer and writes it out before the log is synced, read, truncated, sized or closed. Other files (the
// database, its shared-memory index) are the default VFS's own.
//
// It relies on every commit syncing the log (PRAGMA synchronous=FULL, which SqliteDatabase::open sets):
// the sync is what publishes a commit's frames to the file before other connections are told of them.
//
// A thread may also defer its commits' waits for the disk (DeferredLogSyncs): the commit's frames are
// written to the file as before, but the log's fsync is left to whoever makes the commit durable later
// (SqliteDatabase::sync_log) before anyone is told of it. Only a commit's sync is deferred: SqliteDatabase
// sets PRAGMA checkpoint_fullfsync, so the syncs of a checkpoint (and of a restarted log's header) ask for
// SQLITE_SYNC_FULL and always wait, and no page reaches the database file before its frame is on the disk.

#include <cstdint>

namespace tg::tasks {

/// The name of the VFS, registered on first use (not as the default); nullptr if it cannot be registered.
const char* wal_coalescing_vfs();

/// While one lives, commits made on this thread through the VFS write their log frames but do not wait
/// for the disk. The owner must make them durable (SqliteDatabase::sync_log) before reporting any of them.
class DeferredLogSyncs {
 public:
  DeferredLogSyncs();
  ~DeferredLogSyncs();
  DeferredLogSyncs(const DeferredLogSyncs&) = delete;
  DeferredLogSyncs& operator=(const DeferredLogSyncs&) = delete;

 private:
  bool outer_;
};

/// Log syncs deferred so far, by every thread (for tests and metrics).
uint64_t deferred_log_syncs();

}  // namespace tg::tasks
