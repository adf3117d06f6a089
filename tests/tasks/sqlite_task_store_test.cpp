#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sqlite3.h>

#include "task_test_support.hpp"
#include "tasks/migrations_runner.hpp"

namespace tg::tasks {
namespace {

using testing::fresh_dir;
using testing::open_store;
using testing::sample_spec;

constexpr int64_t kT0 = 1'700'000'000'000;

TEST(Migrations, AppliesOnceAndSetsUserVersion) {
  std::string dir = fresh_dir();
  auto db = SqliteDatabase::open(dir + "/m.db");
  ASSERT_TRUE(db) << db.error();
  const auto& migrations = embedded_migrations();
  ASSERT_FALSE(migrations.empty());
  EXPECT_EQ(migrations.front().version, 1);
  auto first = apply_migrations(**db, migrations);
  ASSERT_TRUE(first) << first.error();
  EXPECT_EQ(*first, migrations.back().version);
  auto version = schema_version(**db);
  ASSERT_TRUE(version);
  EXPECT_EQ(*version, migrations.back().version);
  // A second run changes nothing and does not fail on the existing tables.
  auto second = apply_migrations(**db, migrations);
  ASSERT_TRUE(second) << second.error();
  EXPECT_EQ(*second, *first);
  EXPECT_TRUE((*db)->exec("SELECT id, status, lease_until_ms FROM tasks; SELECT state FROM callbacks; "
                          "SELECT file_id FROM media"));
}

TEST(Migrations, CallbackSecretsStoredByOlderVersionsAreBlanked) {
  const std::string dir = fresh_dir();
  {
    auto db = SqliteDatabase::open(dir + "/tasks.db");
    ASSERT_TRUE(db) << db.error();
    const std::vector<Migration> older(embedded_migrations().begin(), embedded_migrations().begin() + 2);
    ASSERT_TRUE(apply_migrations(**db, older));
    ASSERT_TRUE((*db)->exec("INSERT INTO tasks (id, app_id, api, callback_url, callback_secret) VALUES "
                            "('old', 'a', 'zego', 'http://cb.example/x', 'a-callback-secret')"));
  }
  {
    auto store = open_store(dir);
    ASSERT_TRUE(store);
    // New tasks do not store one either.
    ASSERT_TRUE(store->create("new", sample_spec(), kT0));
  }
  auto db = SqliteDatabase::open(dir + "/tasks.db");
  ASSERT_TRUE(db) << db.error();
  auto prepared = (*db)->prepare("SELECT id, callback_secret, callback_url FROM tasks ORDER BY id");
  ASSERT_TRUE(prepared);
  Statement stmt(*prepared);
  int rows = 0;
  while (stmt.step() == Statement::Step::kRow) {
    ++rows;
    EXPECT_EQ(stmt.text(1), "") << stmt.text(0);
    EXPECT_FALSE(stmt.text(2).empty()) << stmt.text(0);
  }
  EXPECT_EQ(rows, 2);
}

TEST(Migrations, QueueCountsStartFromTheTasksAlreadyQueued) {
  const std::string dir = fresh_dir();
  {
    auto db = SqliteDatabase::open(dir + "/tasks.db");
    ASSERT_TRUE(db) << db.error();
    const std::vector<Migration> older(embedded_migrations().begin(), embedded_migrations().begin() + 5);
    ASSERT_TRUE(apply_migrations(**db, older));
    ASSERT_TRUE((*db)->exec("INSERT INTO tasks (id, app_id, api, status) VALUES ('q1', 'a', 'zego', 'QUEUED'), "
                            "('q2', 'a', 'zego', 'QUEUED'), ('q3', 'b', 'zego', 'QUEUED'), "
                            "('r1', 'a', 'zego', 'RUNNING'), ('s1', 'b', 'zego', 'SUCCEEDED')"));
  }
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  EXPECT_EQ(*store->count_queued(), 3);
  EXPECT_EQ(*store->count_queued("zego", "a"), 2);
  EXPECT_EQ(*store->count_queued("zego", "b"), 1);
  ASSERT_TRUE(store->create("q4", sample_spec("b"), kT0));
  EXPECT_EQ(*store->count_queued(), 4);
  EXPECT_EQ(*store->count_queued("zego", "b"), 2);
}

TEST(Migrations, ReopeningAStoreKeepsData) {
  std::string dir = fresh_dir();
  {
    auto store = open_store(dir);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->create("t1", sample_spec(), kT0));
  }
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  auto got = store->get("t1");
  ASSERT_TRUE(got);
  EXPECT_TRUE(got->has_value());
}

TEST(Migrations, AppliesOnlyNewerVersionsEachInItsTransaction) {
  std::string dir = fresh_dir();
  auto db = SqliteDatabase::open(dir + "/m.db");
  ASSERT_TRUE(db);
  std::vector<Migration> migrations{{1, "0001_a.sql", "CREATE TABLE a (x INTEGER);"},
                                    {2, "0002_b.sql", "CREATE TABLE b (x INTEGER);"}};
  ASSERT_TRUE(apply_migrations(**db, {migrations[0]}));
  auto reached = apply_migrations(**db, migrations);
  ASSERT_TRUE(reached) << reached.error();
  EXPECT_EQ(*reached, 2);
  // A broken migration leaves neither its tables nor its version behind.
  migrations.push_back({3, "0003_bad.sql", "CREATE TABLE c (x INTEGER); THIS IS NOT SQL;"});
  auto broken = apply_migrations(**db, migrations);
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().find("0003_bad.sql"), std::string::npos);
  EXPECT_EQ(*schema_version(**db), 2);
  EXPECT_FALSE((*db)->exec("SELECT x FROM c"));
}

TEST(Migrations, RefusesADatabaseNewerThanTheProgram) {
  std::string dir = fresh_dir();
  auto db = SqliteDatabase::open(dir + "/m.db");
  ASSERT_TRUE(db);
  ASSERT_TRUE((*db)->exec("PRAGMA user_version = 99"));
  auto result = apply_migrations(**db, embedded_migrations());
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().find("newer"), std::string::npos);
}

TEST(SqliteDatabase, UsesWalForeignKeysAndFullSynchronousCommits) {
  std::string dir = fresh_dir();
  auto db = SqliteDatabase::open(dir + "/w.db");
  ASSERT_TRUE(db);
  auto mode = (*db)->prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode);
  {
    Statement stmt(*mode);
    ASSERT_EQ(stmt.step(), Statement::Step::kRow);
    EXPECT_EQ(stmt.text(0), "wal");
  }
  // foreign_keys on; synchronous 2 = FULL (the log is synced at each commit); temp_store 2 = MEMORY.
  for (const auto& [pragma, expected] : std::vector<std::pair<std::string, int64_t>>{
           {"foreign_keys", 1}, {"synchronous", 2}, {"temp_store", 2}, {"cache_size", -32768}}) {
    auto prepared = (*db)->prepare("PRAGMA " + pragma);
    ASSERT_TRUE(prepared) << pragma;
    Statement stmt(*prepared);
    ASSERT_EQ(stmt.step(), Statement::Step::kRow) << pragma;
    EXPECT_EQ(stmt.int64(0), expected) << pragma;
  }
}

TEST(SqliteDatabase, ANewDatabaseAndItsLogAreTheOwnersAlone) {
  std::string dir = fresh_dir();
  const mode_t old = ::umask(0);  // the widest umask: SQLite's own default would make the file 0644
  auto db = SqliteDatabase::open(dir + "/p.db");
  ::umask(old);
  ASSERT_TRUE(db) << db.error();
  ASSERT_TRUE((*db)->exec("CREATE TABLE t (x INTEGER)"));
  for (const char* name : {"/p.db", "/p.db-wal", "/p.db-shm"}) {
    struct stat st {};
    ASSERT_EQ(::stat((dir + name).c_str(), &st), 0) << name;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << name;
  }
}

TEST(SqliteDatabase, OpenReportsAnUnusablePath) {
  auto db = SqliteDatabase::open("/nonexistent-dir/for/sure/x.db");
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().find("/nonexistent-dir"), std::string::npos);
}

TEST(SqliteTaskStore, CorruptStoredParamsAreReportedNotCrashed) {
  std::string dir = fresh_dir();
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->create("t", sample_spec(), kT0));
  {
    auto db = SqliteDatabase::open(dir + "/tasks.db");
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->exec("UPDATE tasks SET params = '{\"kind\":7}' WHERE id = 't'"));
  }
  auto got = store->get("t");
  ASSERT_FALSE(got);
  EXPECT_NE(got.error().message.find("job.kind"), std::string::npos);
}

}  // namespace
}  // namespace tg::tasks
