// Apps share the queue fairly: each may queue at most its share, and workers take turns between apps
// (the oldest queued task of the app served least recently), with claim kept on the queue indexes.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "store_backends.hpp"
#include "tasks/fair_claim_sql.hpp"
#include "tasks/migrations_runner.hpp"

namespace tg::tasks {
namespace {

using testing::fresh_dir;
using testing::open_store;
using testing::sample_spec;

constexpr int64_t kT0 = 1'700'000'000'000;

template <class Backend>
class FairQueue : public testing::StoreTest<Backend> {};
TYPED_TEST_SUITE(FairQueue, testing::StoreBackends, testing::StoreBackendNames);

TaskSpec spec_of(const std::string& app_id, const std::string& api = "zego") {
  TaskSpec spec = sample_spec(app_id);
  spec.api = api;
  return spec;
}

std::vector<std::string> claim_all(TaskStore& store, int64_t now_ms) {
  std::vector<std::string> order;
  for (;;) {
    auto claimed = store.claim("w", now_ms++, 60'000);
    EXPECT_TRUE(claimed) << claimed.error().message;
    if (!claimed || !claimed->has_value()) return order;
    order.push_back((*claimed)->id);
  }
}

TYPED_TEST(FairQueue, ClaimsTakeTurnsBetweenApps) {
  auto store = this->open();
  ASSERT_TRUE(store);
  // App A queued first and most; B and C (another front door's key with A's id) came later.
  for (int i = 1; i <= 4; ++i) ASSERT_TRUE(store->create("A" + std::to_string(i), spec_of("a"), kT0 + i));
  ASSERT_TRUE(store->create("B1", spec_of("b"), kT0 + 5));
  ASSERT_TRUE(store->create("B2", spec_of("b"), kT0 + 6));
  ASSERT_TRUE(store->create("C1", spec_of("a", "tencent_vod"), kT0 + 7));
  EXPECT_EQ(claim_all(*store, kT0 + 100), (std::vector<std::string>{"A1", "B1", "C1", "A2", "B2", "A3", "A4"}));
}

TYPED_TEST(FairQueue, AnAppArrivingLaterIsServedBeforeTheOnesAlreadyServed) {
  auto store = this->open();
  ASSERT_TRUE(store);
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE(store->create("A" + std::to_string(i), spec_of("a"), kT0 + i));
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE(store->create("B" + std::to_string(i), spec_of("b"), kT0 + 10 + i));
  std::vector<std::string> order;
  for (int i = 0; i < 2; ++i) order.push_back((*store->claim("w", kT0 + 100 + i, 60'000))->id);
  ASSERT_TRUE(store->create("C1", spec_of("c"), kT0 + 200));
  for (const std::string& id : claim_all(*store, kT0 + 300)) order.push_back(id);
  EXPECT_EQ(order, (std::vector<std::string>{"A1", "B1", "C1", "A2", "B2", "A3", "B3"}));
}

TYPED_TEST(FairQueue, ARequeuedTaskWaitsForItsAppsTurn) {
  auto store = this->open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->create("A1", spec_of("a"), kT0 + 1));
  ASSERT_TRUE(store->create("A2", spec_of("a"), kT0 + 2));
  ASSERT_TRUE(store->create("B1", spec_of("b"), kT0 + 3));
  ASSERT_EQ((*store->claim("w", kT0 + 10, 100))->id, "A1");
  // A1's worker dies; its lease ends and A1 is queued again, but B has not had its turn yet.
  ASSERT_EQ(*store->requeue_expired(kT0 + 1'000), 1);
  EXPECT_EQ(claim_all(*store, kT0 + 2'000), (std::vector<std::string>{"B1", "A1", "A2"}));
}

TYPED_TEST(FairQueue, EnqueueKeepsEachAppWithinItsShare) {
  auto store = this->open();
  ASSERT_TRUE(store);
  const QueueLimits limits{.max_queued = 10, .max_queued_per_app = 2};
  for (const char* id : {"A1", "A2"}) {
    auto queued = store->enqueue(id, spec_of("a"), kT0, limits);
    ASSERT_TRUE(queued) << queued.error().message;
    EXPECT_EQ(queued->outcome, Enqueued::Outcome::kQueued);
    EXPECT_EQ(queued->record.id, id);
  }
  auto refused = store->enqueue("A3", spec_of("a"), kT0, limits);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->outcome, Enqueued::Outcome::kAppShareFull);
  EXPECT_EQ(refused->queued, 2);
  EXPECT_FALSE(*store->get("A3"));
  // Another app, and the same AppId through another front door, have their own shares.
  EXPECT_EQ(store->enqueue("B1", spec_of("b"), kT0 + 1, limits)->outcome, Enqueued::Outcome::kQueued);
  EXPECT_EQ(store->enqueue("V1", spec_of("a", "tencent_vod"), kT0 + 1, limits)->outcome,
            Enqueued::Outcome::kQueued);
  EXPECT_EQ(*store->count_queued("zego", "a"), 2);
  // A running task is no longer queued: the share has room again.
  ASSERT_EQ((*store->claim("w", kT0 + 1, 60'000))->id, "A1");
  EXPECT_EQ(store->enqueue("A3", spec_of("a"), kT0 + 2, limits)->outcome, Enqueued::Outcome::kQueued);
}

TYPED_TEST(FairQueue, EnqueueRefusesWhenTheWholeQueueIsFull) {
  auto store = this->open();
  ASSERT_TRUE(store);
  const QueueLimits limits{.max_queued = 3, .max_queued_per_app = 3};
  for (const char* app : {"a", "b", "c"}) {
    EXPECT_EQ(store->enqueue(std::string("t-") + app, spec_of(app), kT0, limits)->outcome,
              Enqueued::Outcome::kQueued);
  }
  auto refused = store->enqueue("t-d", spec_of("d"), kT0, limits);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->outcome, Enqueued::Outcome::kQueueFull);
  EXPECT_EQ(refused->queued, 3);
  // No bounds: always queued.
  EXPECT_EQ(store->enqueue("t-e", spec_of("a"), kT0, {})->outcome, Enqueued::Outcome::kQueued);
}

// The plan SQLite chooses for `sql` on the store's database, one line per step.
std::string query_plan(SqliteDatabase& db, const std::string& sql) {
  auto prepared = db.prepare("EXPLAIN QUERY PLAN " + sql);
  EXPECT_TRUE(prepared) << (prepared ? "" : prepared.error());
  if (!prepared) return "";
  Statement stmt(*prepared);
  if (sqlite3_bind_parameter_count(*prepared) == 2) stmt.bind(1, "zego").bind(2, "a");
  std::string plan;
  Statement::Step step;
  while ((step = stmt.step()) == Statement::Step::kRow) plan += stmt.text(3) + "\n";
  EXPECT_EQ(step, Statement::Step::kDone) << stmt.error();
  return plan;
}

TEST(FairQueueOnSqlite, ClaimAndCountsUseTheQueueIndexes) {
  const std::string dir = fresh_dir();
  {
    auto store = open_store(dir);
    ASSERT_TRUE(store);
    // Many queued rows of a few apps, and many finished ones.
    for (int i = 0; i < 2'000; ++i) {
      ASSERT_TRUE(store->create("t" + std::to_string(i), spec_of("app" + std::to_string(i % 5)), kT0 + i));
    }
    for (int i = 0; i < 500; ++i) ASSERT_TRUE(store->claim("w", kT0 + 10'000, 60'000)->has_value());
  }
  auto db = SqliteDatabase::open(dir + "/tasks.db");
  ASSERT_TRUE(db) << db.error();
  const std::string next_app = query_plan(**db, fair_claim_sql::kNextApp);
  EXPECT_NE(next_app.find("app_turns_order"), std::string::npos) << next_app;
  EXPECT_NE(next_app.find("tasks_queue_of_app"), std::string::npos) << next_app;
  // The pick reads each candidate's input (local-only workers skip http(s) ones).
  EXPECT_NE(query_plan(**db, fair_claim_sql::kOldestOfApp)
                .find("SEARCH tasks USING INDEX tasks_queue_of_app (status=? AND api=? AND app_id=?)"),
            std::string::npos);
  for (const std::string& sql : {fair_claim_sql::kNextApp, fair_claim_sql::kOldestOfApp}) {
    const std::string plan = query_plan(**db, sql);
    EXPECT_EQ(plan.find("SCAN tasks"), std::string::npos) << sql << "\n" << plan;
    EXPECT_EQ(plan.find("SCAN t "), std::string::npos) << sql << "\n" << plan;
    EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << sql << "\n" << plan;
  }
}

TEST(FairQueueOnSqlite, TasksQueuedBeforeTheUpgradeTakeTurnsToo) {
  const std::string dir = fresh_dir();
  {
    auto db = SqliteDatabase::open(dir + "/tasks.db");
    ASSERT_TRUE(db) << db.error();
    const std::vector<Migration> first{embedded_migrations().front()};
    ASSERT_TRUE(apply_migrations(**db, first));
    ASSERT_TRUE((*db)->exec(
        "INSERT INTO tasks (id, app_id, api, params, status, created_ms) VALUES "
        "('A1', 'a', 'zego', '{\"kind\":\"snapshot\",\"snapshot\":{\"times\":[]}}', 'QUEUED', 1), "
        "('A2', 'a', 'zego', '{\"kind\":\"snapshot\",\"snapshot\":{\"times\":[]}}', 'QUEUED', 2), "
        "('B1', 'b', 'zego', '{\"kind\":\"snapshot\",\"snapshot\":{\"times\":[]}}', 'QUEUED', 3)"));
  }
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  EXPECT_EQ(claim_all(*store, kT0), (std::vector<std::string>{"A1", "B1", "A2"}));
}

}  // namespace
}  // namespace tg::tasks
