#pragma once
// A SQLite VFS over the default one that gathers the writes of a commit to the write-ahead log into one
// write call. SQLite writes each frame of the log as two writes (its 24-byte header, then the page), so a
// commit of forty pages costs eighty system calls; this VFS keeps consecutive writes to a log file in a
// buffer and writes it out before the log is synced, read, truncated, sized or closed. Other files (the
// database, its shared-memory index) are the default VFS's own.
//
// It relies on every commit syncing the log (PRAGMA synchronous=FULL, which SqliteDatabase::open sets):
// the sync is what publishes a commit's frames to the file before other connections are told of them.

namespace tg::tasks {

/// The name of the VFS, registered on first use (not as the default); nullptr if it cannot be registered.
const char* wal_coalescing_vfs();

}  // namespace tg::tasks
