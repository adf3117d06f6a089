// The log-write coalescing VFS: every connection of SqliteDatabase uses it for its write-ahead log, other
// connections see every commit, a transaction larger than the page cache reads its own spilled pages back,
// and a commit that has returned is in the file even when the process is killed right after.

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <optional>
#include <string>

#include "task_test_support.hpp"
#include "tasks/sqlite_database.hpp"
#include "tasks/wal_write_coalescing.hpp"

namespace tg::tasks {
namespace {

using testing::fresh_dir;

int64_t scalar(SqliteDatabase& db, const std::string& sql) {
  auto prepared = db.prepare(sql);
  EXPECT_TRUE(prepared) << sql;
  if (!prepared) return -1;
  Statement stmt(*prepared);
  EXPECT_EQ(stmt.step(), Statement::Step::kRow) << sql;
  return stmt.int64(0);
}

TEST(WalWriteCoalescing, TheLogOfEveryConnectionGoesThroughIt) {
  ASSERT_NE(wal_coalescing_vfs(), nullptr);
  auto db = SqliteDatabase::open(fresh_dir() + "/v.db");
  ASSERT_TRUE(db) << db.error();
  ASSERT_TRUE((*db)->exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)"));
  sqlite3_vfs* vfs = nullptr;
  ASSERT_EQ(sqlite3_file_control((*db)->handle(), "main", SQLITE_FCNTL_VFS_POINTER, &vfs), SQLITE_OK);
  ASSERT_NE(vfs, nullptr);
  EXPECT_STREQ(vfs->zName, wal_coalescing_vfs());
  sqlite3_file* log = nullptr;
  ASSERT_EQ(sqlite3_file_control((*db)->handle(), "main", SQLITE_FCNTL_JOURNAL_POINTER, &log), SQLITE_OK);
  ASSERT_NE(log, nullptr);
  ASSERT_NE(log->pMethods, nullptr);
  char* name = nullptr;
  ASSERT_EQ(log->pMethods->xFileControl(log, SQLITE_FCNTL_VFSNAME, &name), SQLITE_OK);
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(std::string(name).rfind(std::string(wal_coalescing_vfs()) + "/", 0), 0u) << name;
  sqlite3_free(name);
}

TEST(WalWriteCoalescing, AnotherConnectionSeesEveryCommit) {
  const std::string path = fresh_dir() + "/v.db";
  auto writer = SqliteDatabase::open(path);
  ASSERT_TRUE(writer) << writer.error();
  ASSERT_TRUE((*writer)->exec("CREATE TABLE t (x INTEGER, pad BLOB); CREATE INDEX t_x ON t (x)"));
  auto reader = SqliteDatabase::open(path);
  ASSERT_TRUE(reader) << reader.error();
  int64_t rows = 0;
  for (int commit = 0; commit < 60; ++commit) {
    // Rows of varied sizes, some spanning overflow pages, inserted at scattered places of the index.
    const int n = 1 + commit % 17;
    const std::string sql = "WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < " +
                            std::to_string(n) + ") INSERT INTO t SELECT (value * 7919 + " + std::to_string(commit) +
                            ") % 1000, randomblob(" + std::to_string(100 + commit * 97 % 6000) + ") FROM s";
    ASSERT_TRUE((*writer)->exec("BEGIN IMMEDIATE; " + sql + "; COMMIT")) << commit;
    rows += n;
    ASSERT_EQ(scalar(**reader, "SELECT count(*) FROM t"), rows) << commit;
    ASSERT_EQ(scalar(**reader, "SELECT count(*) FROM t INDEXED BY t_x WHERE x >= 0"), rows) << commit;
  }
  auto check = (*reader)->prepare("PRAGMA integrity_check");
  ASSERT_TRUE(check);
  Statement stmt(*check);
  ASSERT_EQ(stmt.step(), Statement::Step::kRow);
  EXPECT_EQ(stmt.text(0), "ok");
}

TEST(WalWriteCoalescing, ATransactionLargerThanTheCacheReadsItsSpilledPagesBack) {
  const std::string path = fresh_dir() + "/v.db";
  auto db = SqliteDatabase::open(path);
  ASSERT_TRUE(db) << db.error();
  // Ten pages of cache: the transaction below dirties hundreds, so SQLite writes some to the log before the
  // commit and reads them back while it goes on.
  ASSERT_TRUE((*db)->exec("PRAGMA cache_size = 10; CREATE TABLE t (x INTEGER PRIMARY KEY, pad BLOB)"));
  auto big = (*db)->exec("BEGIN IMMEDIATE; WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < 3000) "
                          "INSERT INTO t SELECT value, zeroblob(900) FROM s;"
                          "UPDATE t SET pad = randomblob(900) WHERE x % 3 = 0; COMMIT");
  ASSERT_TRUE(big) << big.error();
  auto other = SqliteDatabase::open(path);
  ASSERT_TRUE(other) << other.error();
  EXPECT_EQ(scalar(**other, "SELECT count(*) FROM t"), 3000);
  EXPECT_EQ(scalar(**other, "SELECT sum(x) FROM t"), 3000 * 3001 / 2);
  EXPECT_EQ(scalar(**other, "SELECT count(*) FROM t WHERE pad = zeroblob(900)"), 2000);
}

// A child process inserts 1, 2, 3... into t of a new database at `path`, one commit each (with its log
// syncs deferred when `deferred`), and acknowledges each commit that returned; it is killed after 50, without
// closing anything. Every acknowledged row must be there, and nothing missing before the last row.
void expect_acknowledged_commits_survive_a_kill(const std::string& path, bool deferred) {
  {
    auto db = SqliteDatabase::open(path);
    ASSERT_TRUE(db) << db.error();
    ASSERT_TRUE((*db)->exec("CREATE TABLE t (x INTEGER)"));
  }
  int acks[2];
  ASSERT_EQ(::pipe(acks), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(acks[0]);
    auto db = SqliteDatabase::open(path);
    if (!db) ::_exit(2);
    std::optional<DeferredLogSyncs> scope;
    if (deferred) scope.emplace();
    for (int i = 1;; ++i) {
      if (!(*db)->exec("INSERT INTO t VALUES (" + std::to_string(i) + ")")) ::_exit(3);
      const char ack = 'c';
      if (::write(acks[1], &ack, 1) != 1) ::_exit(0);
    }
  }
  ::close(acks[1]);
  int acknowledged = 0;
  char ack = 0;
  while (acknowledged < 50 && ::read(acks[0], &ack, 1) == 1) ++acknowledged;
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ::close(acks[0]);
  ASSERT_EQ(acknowledged, 50);
  auto db = SqliteDatabase::open(path);
  ASSERT_TRUE(db) << db.error();
  const int64_t count = scalar(**db, "SELECT count(*) FROM t");
  EXPECT_GE(count, 50);
  EXPECT_EQ(scalar(**db, "SELECT max(x) FROM t"), count);
}

TEST(WalWriteCoalescing, ACommitThatReturnedSurvivesTheProcessBeingKilled) {
  expect_acknowledged_commits_survive_a_kill(fresh_dir() + "/v.db", false);
}

TEST(WalWriteCoalescing, ADeferredCommitSurvivesTheProcessBeingKilled) {
  // The kernel has each commit when it returns (its frames are in the file, not in a buffer); the disk may not.
  expect_acknowledged_commits_survive_a_kill(fresh_dir() + "/v.db", true);
}

TEST(WalWriteCoalescing, ADeferredCommitIsSeenAtOnceAndOnlyItsOwnSyncIsDeferred) {
  const std::string path = fresh_dir() + "/v.db";
  auto writer = SqliteDatabase::open(path);
  ASSERT_TRUE(writer) << writer.error();
  ASSERT_TRUE((*writer)->exec("CREATE TABLE t (x INTEGER)"));
  auto reader = SqliteDatabase::open(path);
  ASSERT_TRUE(reader) << reader.error();
  const uint64_t before = deferred_log_syncs();
  ASSERT_TRUE((*writer)->exec("INSERT INTO t VALUES (1)"));
  EXPECT_EQ(deferred_log_syncs(), before);  // outside the scope a commit waits for the disk
  {
    DeferredLogSyncs deferred;
    ASSERT_TRUE((*writer)->exec("BEGIN IMMEDIATE; INSERT INTO t VALUES (2); INSERT INTO t VALUES (3); COMMIT"));
    EXPECT_EQ(deferred_log_syncs(), before + 1);  // one commit, one sync left for later
    // Its frames are in the file, not in a buffer: another connection reads them.
    EXPECT_EQ(scalar(**reader, "SELECT sum(x) FROM t"), 6);
    {
      DeferredLogSyncs nested;
      ASSERT_TRUE((*writer)->exec("INSERT INTO t VALUES (4)"));
    }
    EXPECT_EQ(deferred_log_syncs(), before + 2);  // the inner scope's end leaves the outer one in force
    // A checkpoint's syncs (SQLITE_SYNC_FULL) are never deferred, whoever runs it.
    ASSERT_TRUE((*writer)->exec("PRAGMA wal_checkpoint(FULL)"));
    EXPECT_EQ(deferred_log_syncs(), before + 2);
    // The next commit may restart the checkpointed log (the new header's sync is a checkpoint's, and waits);
    // only the commit's own sync is deferred.
    ASSERT_TRUE((*writer)->exec("INSERT INTO t VALUES (5)"));
    EXPECT_EQ(deferred_log_syncs(), before + 3);
  }
  ASSERT_TRUE((*writer)->exec("INSERT INTO t VALUES (6)"));
  EXPECT_EQ(deferred_log_syncs(), before + 3);
  auto synced = (*writer)->sync_log();
  EXPECT_TRUE(synced) << synced.error();
  EXPECT_EQ(scalar(**reader, "SELECT sum(x) FROM t"), 21);
}

TEST(WalWriteCoalescing, SyncingTheLogOfAMemoryDatabaseIsNothingToDo) {
  auto db = SqliteDatabase::open(":memory:");
  ASSERT_TRUE(db) << db.error();
  ASSERT_TRUE((*db)->exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1)"));
  auto synced = (*db)->sync_log();
  EXPECT_TRUE(synced) << synced.error();
}

}  // namespace
}  // namespace tg::tasks
