// WalCheckpointer: the log a writer fills is checkpointed by the checkpointer's own thread and connection.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <string>
#include <thread>

#include "task_test_support.hpp"
#include "tasks/sqlite_database.hpp"
#include "tasks/wal_checkpointer.hpp"

namespace tg::tasks {
namespace {

using testing::fresh_dir;

// Pages in the log and pages of it already copied back, as a no-op passive checkpoint reports them.
std::pair<int, int> log_state(sqlite3* db) {
  int log = -1;
  int copied = -1;
  EXPECT_EQ(sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &copied), SQLITE_OK);
  return {log, copied};
}

TEST(WalCheckpointer, AFullLogIsCheckpointedByItsThreadNotByTheCommit) {
  const std::string path = fresh_dir() + "/wal.db";
  auto db = SqliteDatabase::open(path);
  ASSERT_TRUE(db) << db.error();
  ASSERT_TRUE((*db)->exec("CREATE TABLE t (v TEXT)"));
  auto checkpointer = WalCheckpointer::start((*db)->handle(), path, 20);
  ASSERT_TRUE(checkpointer) << checkpointer.error();
  // Commits of one page each at least, well past the threshold but below 8 times it.
  for (int i = 0; i < 60; ++i) {
    ASSERT_TRUE((*db)->exec("INSERT INTO t VALUES (hex(randomblob(3000)))"));
  }
  // The thread was woken; wait (bounded) for its checkpoint.
  for (int i = 0; i < 500 && (*checkpointer)->checkpoints() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_GT((*checkpointer)->checkpoints(), 0u);
  checkpointer->reset();
  // Everything in the log was copied back by then or by the check itself; the data is all there.
  auto [log, copied] = log_state((*db)->handle());
  EXPECT_EQ(log, copied);
  auto rows = (*db)->prepare("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(rows);
  Statement count(*rows);
  ASSERT_EQ(count.step(), Statement::Step::kRow);
  EXPECT_EQ(count.int64(0), 60);
}

TEST(WalCheckpointer, BelowTheThresholdNothingIsCheckpointed) {
  const std::string path = fresh_dir() + "/wal.db";
  auto db = SqliteDatabase::open(path);
  ASSERT_TRUE(db) << db.error();
  ASSERT_TRUE((*db)->exec("CREATE TABLE t (v TEXT)"));
  auto checkpointer = WalCheckpointer::start((*db)->handle(), path, 1000);
  ASSERT_TRUE(checkpointer) << checkpointer.error();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE((*db)->exec("INSERT INTO t VALUES ('x')"));
  EXPECT_EQ((*checkpointer)->checkpoints(), 0u);
}

TEST(WalCheckpointer, AnUnopenablePathIsAnError) {
  const std::string dir = fresh_dir();
  auto db = SqliteDatabase::open(dir + "/wal.db");
  ASSERT_TRUE(db) << db.error();
  EXPECT_FALSE(WalCheckpointer::start((*db)->handle(), dir + "/missing-folder/wal.db"));
}

}  // namespace
}  // namespace tg::tasks
