// What PgTaskStore adds for several processes sharing one database (each store here has its own pool, as a
// process would): claims that take each task once, one upkeep leader at a time, due callbacks claimed by
// one store, migrations run at once by several, one transaction per batch, hostile values kept verbatim.
// Skipped without a server (tests/tasks/store_backends.hpp).

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "store_backends.hpp"
#include "tasks/postgres/pg_lock_keys.hpp"
#include "tasks/postgres/pg_migrations.hpp"

namespace tg::tasks {
namespace {

using testing::sample_spec;

constexpr int64_t kT0 = 1'700'000'000'000;

class PgTaskStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!schema_.create()) return;
  }
  std::unique_ptr<PgTaskStore> open(PgTaskStore::Options options = {}) {
    auto store = PgTaskStore::open(schema_.url(), options);
    if (!store) {
      ADD_FAILURE() << store.error().message;
      return nullptr;
    }
    return std::move(*store);
  }
  // A connection of its own to the test's schema.
  std::unique_ptr<PgConnection> admin() {
    auto conn = PgConnection::connect(schema_.url(), 10);
    if (!conn) {
      ADD_FAILURE() << conn.error().message;
      return nullptr;
    }
    return std::move(*conn);
  }
  testing::PostgresTestSchema schema_;
};

TEST_F(PgTaskStoreTest, TwoStoresClaimingAtOnceTakeEachOf200TasksOnce) {
  auto first = open();
  auto second = open();
  ASSERT_TRUE(first && second);
  constexpr int kTasks = 200;
  std::vector<EnqueueRequest> batch;
  for (int i = 0; i < kTasks; ++i) {
    // Three apps, so that claims take turns between them while they race.
    batch.push_back(EnqueueRequest{"t" + std::to_string(i), sample_spec("app-" + std::to_string(i % 3)), {}});
  }
  auto queued = first->enqueue_many(batch, kT0);
  ASSERT_TRUE(queued) << queued.error().message;
  std::vector<std::string> taken[4];
  std::atomic<int> errors{0};
  auto worker = [&](PgTaskStore* store, int index) {
    for (;;) {
      auto claimed = store->claim("w" + std::to_string(index), kT0 + 1'000, 60'000);
      if (!claimed) {
        ADD_FAILURE() << claimed.error().message;
        ++errors;
        return;
      }
      if (!claimed->has_value()) return;
      taken[index].push_back((*claimed)->id);
    }
  };
  std::thread t0(worker, first.get(), 0), t1(worker, first.get(), 1), t2(worker, second.get(), 2),
      t3(worker, second.get(), 3);
  t0.join();
  t1.join();
  t2.join();
  t3.join();
  EXPECT_EQ(errors.load(), 0);
  std::multiset<std::string> all;
  for (const auto& list : taken) all.insert(list.begin(), list.end());
  EXPECT_EQ(all.size(), static_cast<size_t>(kTasks));
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), static_cast<size_t>(kTasks));
  auto running = second->list({.status = TaskStatus::kRunning, .limit = 1000});
  ASSERT_TRUE(running);
  ASSERT_EQ(running->size(), static_cast<size_t>(kTasks));
  for (const TaskRecord& r : *running) {
    EXPECT_EQ(r.attempts, 1) << r.id;
    EXPECT_EQ(first->attempts(r.id)->size(), 1u) << r.id;
  }
}

// Runs `call` on a thread while `holder` keeps its transaction open: true when the call returned within the
// patience (it did not wait for the holder), false when it had to be let go by the holder's rollback.
template <class Call>
bool returns_while_held(PgConnection& holder, Call call) {
  auto done = std::async(std::launch::async, call);
  const bool returned = done.wait_for(std::chrono::seconds(30)) == std::future_status::ready;
  EXPECT_TRUE(holder.exec("ROLLBACK"));
  done.get();
  return returned;
}

TEST_F(PgTaskStoreTest, AClaimPassesOverRowsAnotherTransactionHoldsWithoutWaiting) {
  auto store = open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->create("a1", sample_spec("a"), kT0 + 1));
  ASSERT_TRUE(store->create("a2", sample_spec("a"), kT0 + 2));
  ASSERT_TRUE(store->create("b1", sample_spec("b"), kT0 + 3));
  // Another process is taking a1 and moving app a's turn.
  auto holder = admin();
  ASSERT_TRUE(holder);
  ASSERT_TRUE(holder->exec("BEGIN"));
  ASSERT_TRUE(holder->exec("SELECT id FROM tasks WHERE id = 'a1' FOR UPDATE"));
  ASSERT_TRUE(holder->exec("SELECT app_id FROM app_turns WHERE app_id = 'a' FOR UPDATE"));
  std::string taken;
  EXPECT_TRUE(returns_while_held(*holder, [&] {
    auto claimed = store->claim("w", kT0 + 10, 60'000);
    ASSERT_TRUE(claimed) << claimed.error().message;
    ASSERT_TRUE(claimed->has_value());
    taken = (*claimed)->id;
  }));
  EXPECT_EQ(taken, "a2");  // app a's turn, its oldest task that nobody holds
  EXPECT_EQ((**store->get("a1")).status, TaskStatus::kQueued);
}

TEST_F(PgTaskStoreTest, DueCallbacksPassOverDeliveriesAnotherTransactionHolds) {
  auto store = open();
  ASSERT_TRUE(store);
  for (const char* id : {"t1", "t2"}) {
    ASSERT_TRUE(store->create(id, sample_spec(), kT0));
    ASSERT_TRUE(store->claim("w", kT0, 1'000)->has_value());
    CallbackDelivery callback;
    callback.url = "http://127.0.0.1:1/cb";
    ASSERT_TRUE(*store->complete(id, "w", {}, kT0 + 1, callback));
  }
  auto holder = admin();
  ASSERT_TRUE(holder);
  ASSERT_TRUE(holder->exec("BEGIN"));
  ASSERT_TRUE(holder->exec("SELECT id FROM callbacks WHERE task_id = 't1' FOR UPDATE"));
  std::vector<CallbackDelivery> due;
  EXPECT_TRUE(returns_while_held(*holder, [&] {
    auto got = store->due_callbacks(kT0 + 10, 10);
    ASSERT_TRUE(got) << got.error().message;
    due = *got;
  }));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due.front().task_id, "t2");
}

TEST_F(PgTaskStoreTest, OneStoreLeadsTheUpkeepUntilItGoes) {
  auto a = open();
  auto b = open();
  auto c = open();
  ASSERT_TRUE(a && b && c);
  EXPECT_TRUE(*a->try_lead_upkeep());
  EXPECT_FALSE(*b->try_lead_upkeep());
  EXPECT_FALSE(*c->try_lead_upkeep());
  EXPECT_TRUE(*a->try_lead_upkeep());  // still
  a.reset();  // the process goes: its session ends, and the lock with it
  // The server releases the lock as the session's backend exits, a moment after the store went.
  bool b_leads = false;
  for (int i = 0; i < 500 && !b_leads; ++i) {
    auto leads = b->try_lead_upkeep();
    ASSERT_TRUE(leads) << leads.error().message;
    b_leads = *leads;
    if (!b_leads) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(b_leads);
  EXPECT_FALSE(*c->try_lead_upkeep());
  EXPECT_TRUE(*b->try_lead_upkeep());
}

TEST_F(PgTaskStoreTest, ALeaderWhoseSessionBreaksStopsLeading) {
  auto a = open();
  auto b = open();
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(*a->try_lead_upkeep());
  ASSERT_FALSE(*b->try_lead_upkeep());
  // The server ends the session holding the lock.
  auto conn = admin();
  ASSERT_TRUE(conn);
  auto killed = conn->exec("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' "
                           "AND classid = $1::int::oid AND objsubid = 2 AND objid::bigint = "
                           "(" + std::string(pg_lock::kSchemaKeySql) + "::bigint & 4294967295)",
                           {static_cast<int64_t>(pg_lock::kUpkeep)});
  ASSERT_TRUE(killed) << killed.error().message;
  ASSERT_EQ(killed->int64(0, 0), 1);
  EXPECT_FALSE(*a->try_lead_upkeep());  // lost
  bool b_leads = false;
  for (int i = 0; i < 500 && !b_leads; ++i) {
    b_leads = *b->try_lead_upkeep();
    if (!b_leads) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(b_leads);
  EXPECT_FALSE(*a->try_lead_upkeep());  // tries again, and b has it
}

TEST_F(PgTaskStoreTest, ADueCallbackClaimedByOneStoreIsNotReturnedToAnotherUntilTheClaimEnds) {
  constexpr int64_t kClaimMs = 60'000;
  auto a = open({.callback_claim_ms = kClaimMs});
  auto b = open({.callback_claim_ms = kClaimMs});
  ASSERT_TRUE(a && b);
  for (const char* id : {"t1", "t2"}) {
    ASSERT_TRUE(a->create(id, sample_spec(), kT0));
    ASSERT_TRUE(a->claim("w", kT0, 1'000)->has_value());
    CallbackDelivery callback;
    callback.url = "http://127.0.0.1:1/cb";
    ASSERT_TRUE(*a->complete(id, "w", {}, kT0 + 1, callback));
  }
  auto mine = a->due_callbacks(kT0 + 10, 1);
  ASSERT_TRUE(mine) << mine.error().message;
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->front().task_id, "t1");  // oldest first
  // b gets the other one only; then nothing until a's claim ends.
  auto theirs = b->due_callbacks(kT0 + 10, 10);
  ASSERT_TRUE(theirs);
  ASSERT_EQ(theirs->size(), 1u);
  EXPECT_EQ(theirs->front().task_id, "t2");
  EXPECT_TRUE(b->due_callbacks(kT0 + 10 + kClaimMs - 1, 10)->empty());
  // a dies mid-POST (no update): t1 is due again after the claim; t2 too (b never recorded it).
  auto again = b->due_callbacks(kT0 + 10 + kClaimMs, 10);
  ASSERT_TRUE(again);
  ASSERT_EQ(again->size(), 2u);
  // Recorded outcomes hold: delivered is never due again.
  for (CallbackDelivery delivery : *again) {
    delivery.attempts = 1;
    delivery.state = to_string(DeliveryState::kDelivered);
    delivery.updated_ms = kT0 + kClaimMs + 20;
    ASSERT_TRUE(*b->update_callback(delivery));
  }
  EXPECT_TRUE(a->due_callbacks(kT0 + 100 * kClaimMs, 10)->empty());
  EXPECT_EQ(a->callback_attempts("t1")->size(), 1u);
}

TEST_F(PgTaskStoreTest, ThreeStoresOpeningAtOnceMigrateOnce) {
  std::vector<std::unique_ptr<PgTaskStore>> stores(3);
  std::vector<std::string> errors(3);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < stores.size(); ++i) {
    threads.emplace_back([&, i] {
      auto store = PgTaskStore::open(schema_.url(), {});
      if (store) {
        stores[i] = std::move(*store);
      } else {
        errors[i] = store.error().message;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (size_t i = 0; i < stores.size(); ++i) EXPECT_TRUE(stores[i]) << errors[i];
  auto conn = admin();
  ASSERT_TRUE(conn);
  auto rows = conn->exec("SELECT COUNT(*), MAX(version) FROM schema_migrations");
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_EQ(rows->int64(0, 0), static_cast<int64_t>(embedded_pg_migrations().size()));
  EXPECT_EQ(rows->int64(0, 1), embedded_pg_migrations().back().version);
  if (stores[0] && stores[2]) {
    ASSERT_TRUE(stores[0]->create("t", sample_spec(), kT0));
    EXPECT_TRUE(stores[2]->get("t")->has_value());
  }
}

TEST_F(PgTaskStoreTest, ASchemaOfTheFirstVersionIsUpgradedAndServedTurnsStayInOrder) {
  auto conn = admin();
  ASSERT_TRUE(conn);
  const std::vector<Migration> first(embedded_pg_migrations().begin(), embedded_pg_migrations().begin() + 1);
  auto reached = apply_pg_migrations(*conn, first);
  ASSERT_TRUE(reached) << reached.error().message;
  ASSERT_EQ(*reached, 1);
  // An app served seven times under the first version.
  ASSERT_TRUE(conn->exec("INSERT INTO app_turns (api, app_id, last_turn, first_queued_ms) VALUES ('zego', 'old', 7, 1)"));
  auto store = open();
  ASSERT_TRUE(store);
  EXPECT_EQ(*pg_schema_version(*conn), embedded_pg_migrations().back().version);
  ASSERT_TRUE(store->create("new", sample_spec("new"), kT0));
  ASSERT_TRUE(store->create("old", sample_spec("old"), kT0 + 1));
  // "new" was never served: it goes first, and is then behind "old" (served last at turn 7).
  EXPECT_EQ((*store->claim("w", kT0 + 2, 1'000))->id, "new");
  auto turns = conn->exec("SELECT app_id, last_turn FROM app_turns ORDER BY last_turn");
  ASSERT_TRUE(turns) << turns.error().message;
  ASSERT_EQ(turns->size(), 2);
  EXPECT_EQ(turns->text(0, 0), "old");
  EXPECT_EQ(turns->text(1, 0), "new");
  EXPECT_GT(turns->int64(1, 1), 7);
}

TEST_F(PgTaskStoreTest, ASchemaNewerThanTheProgramIsRefused) {
  ASSERT_TRUE(open());
  auto conn = admin();
  ASSERT_TRUE(conn);
  ASSERT_TRUE(conn->exec("INSERT INTO schema_migrations (version, name) VALUES (9999, '9999_future.sql')"));
  auto store = PgTaskStore::open(schema_.url(), {});
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().message.find("newer"), std::string::npos) << store.error().message;
}

TEST_F(PgTaskStoreTest, ABatchIsOneTransaction) {
  auto store = open();
  ASSERT_TRUE(store);
  // A duplicate id fails the batch: none of it is stored.
  std::vector<EnqueueRequest> broken{{"a", sample_spec(), {}}, {"b", sample_spec(), {}}, {"a", sample_spec(), {}}};
  EXPECT_FALSE(store->enqueue_many(broken, kT0));
  EXPECT_EQ(*store->count_queued(), 0);
  // Limits count the requests before them in the batch.
  std::vector<EnqueueRequest> batch;
  for (const char* id : {"x1", "x2", "x3"}) batch.push_back({id, sample_spec("x"), {.max_queued_per_app = 2}});
  batch.push_back({"y1", sample_spec("y"), {.max_queued = 2}});
  batch.push_back({"y2", sample_spec("y"), {.max_queued = 10, .max_queued_per_app = 5}});
  auto answers = store->enqueue_many(batch, kT0);
  ASSERT_TRUE(answers) << answers.error().message;
  ASSERT_EQ(answers->size(), 5u);
  EXPECT_EQ((*answers)[0].outcome, Enqueued::Outcome::kQueued);
  EXPECT_EQ((*answers)[1].outcome, Enqueued::Outcome::kQueued);
  EXPECT_EQ((*answers)[2].outcome, Enqueued::Outcome::kAppShareFull);
  EXPECT_EQ((*answers)[2].queued, 2);
  EXPECT_EQ((*answers)[3].outcome, Enqueued::Outcome::kQueueFull);
  EXPECT_EQ((*answers)[3].queued, 2);  // x1 and x2
  EXPECT_EQ((*answers)[4].outcome, Enqueued::Outcome::kQueued);
  EXPECT_EQ((*answers)[4].record.id, "y2");
  EXPECT_EQ(*store->count_queued(), 3);
  EXPECT_FALSE(store->get("x3")->has_value());
}

TEST_F(PgTaskStoreTest, EnqueuesRacingForTheLastPlacesNeverOverfillTheQueue) {
  auto a = open();
  auto b = open();
  ASSERT_TRUE(a && b);
  constexpr int kPerThread = 30;
  constexpr int64_t kMax = 25;
  std::atomic<int> queued{0};
  auto submit = [&](PgTaskStore* store, const std::string& prefix) {
    for (int i = 0; i < kPerThread; ++i) {
      auto answer = store->enqueue(prefix + std::to_string(i), sample_spec(), kT0 + i, {.max_queued = kMax});
      ASSERT_TRUE(answer) << answer.error().message;
      if (answer->outcome == Enqueued::Outcome::kQueued) ++queued;
    }
  };
  std::thread t1(submit, a.get(), "a"), t2(submit, b.get(), "b"), t3(submit, a.get(), "c");
  t1.join();
  t2.join();
  t3.join();
  EXPECT_EQ(queued.load(), kMax);
  EXPECT_EQ(*a->count_queued(), kMax);
}

// Two gateways submit, claim, release and cancel at once while a third folds the count deltas over and over:
// nobody waits on anybody's counter row (no deadlock, no error), and the counts end equal to the rows.
TEST_F(PgTaskStoreTest, QueueCountsStayExactWhileGatewaysWorkAndTheLeaderFolds) {
  auto a = open();
  auto b = open();
  auto leader = open();
  ASSERT_TRUE(a && b && leader);
  std::atomic<bool> working{true};
  auto work = [&](PgTaskStore* store, const std::string& prefix) {
    for (int i = 0; i < 60; ++i) {
      const std::string app = "app" + std::to_string(i % 3);
      std::vector<EnqueueRequest> batch;
      for (int k = 0; k < 3; ++k) {
        batch.push_back({prefix + std::to_string(i) + "-" + std::to_string(k), sample_spec(app),
                         {.max_queued = 100000, .max_queued_per_app = 100000}});
      }
      auto stored = store->enqueue_many(batch, kT0 + i);
      ASSERT_TRUE(stored) << stored.error().message;
      auto claimed = store->claim(prefix, kT0 + i, 60'000);
      ASSERT_TRUE(claimed) << claimed.error().message;
      if (claimed->has_value() && i % 2 == 0) {
        ASSERT_TRUE(store->release((*claimed)->id, prefix, kT0 + i, kT0 + i, true, "", ""));
      }
      ASSERT_TRUE(store->cancel(batch.back().id, kT0 + i));
    }
  };
  std::thread folding([&] {
    while (working) {
      auto folded = leader->fold_counts();
      ASSERT_TRUE(folded) << folded.error().message;
    }
  });
  std::thread t1(work, a.get(), "a"), t2(work, b.get(), "b");
  t1.join();
  t2.join();
  working = false;
  folding.join();
  auto conn = admin();
  ASSERT_TRUE(conn);
  auto rows = conn->exec("SELECT api, app_id, COUNT(*) FROM tasks WHERE status = 'QUEUED' GROUP BY api, app_id");
  ASSERT_TRUE(rows) << rows.error().message;
  int64_t all = 0;
  for (int r = 0; r < rows->size(); ++r) {
    all += rows->int64(r, 2);
    EXPECT_EQ(*a->count_queued(rows->text(r, 0), rows->text(r, 1)), rows->int64(r, 2)) << rows->text(r, 1);
  }
  EXPECT_GT(all, 0);
  EXPECT_EQ(*a->count_queued(), all);
  ASSERT_TRUE(leader->fold_counts());
  EXPECT_EQ(*b->count_queued(), all);
}

// Tasks queued before the counts existed are counted from the start.
TEST_F(PgTaskStoreTest, QueueCountsStartFromTheTasksAlreadyQueued) {
  {
    auto conn = admin();
    ASSERT_TRUE(conn);
    const auto& all = embedded_pg_migrations();
    const std::vector<Migration> older(all.begin(), all.begin() + 2);
    ASSERT_TRUE(apply_pg_migrations(*conn, older));
    ASSERT_TRUE(conn->exec("INSERT INTO tasks (id, app_id, api, status) VALUES ('q1', 'a', 'zego', 'QUEUED'), "
                           "('q2', 'a', 'zego', 'QUEUED'), ('q3', 'b', 'zego', 'QUEUED'), "
                           "('r1', 'a', 'zego', 'RUNNING')"));
  }
  auto store = open();
  ASSERT_TRUE(store);
  EXPECT_EQ(*store->count_queued(), 3);
  EXPECT_EQ(*store->count_queued("zego", "a"), 2);
  EXPECT_EQ(*store->count_queued("zego", "b"), 1);
}

// A statement that inserts or deletes many tasks is counted once per app, whichever apps and statuses it holds.
TEST_F(PgTaskStoreTest, QueueCountsFollowStatementsOfManyTasksAndApps) {
  auto store = open();
  ASSERT_TRUE(store);
  std::vector<EnqueueRequest> batch;
  for (int i = 0; i < 12; ++i) {
    batch.push_back({"m" + std::to_string(i), sample_spec("app" + std::to_string(i % 3)),
                     {.max_queued = 1000, .max_queued_per_app = 1000}});
  }
  ASSERT_TRUE(store->enqueue_many(batch, kT0));
  auto conn = admin();
  ASSERT_TRUE(conn);
  // One delta row per app for the batch, not one per task.
  auto deltas = conn->exec("SELECT COUNT(*) FROM queue_count_deltas");
  ASSERT_TRUE(deltas) << deltas.error().message;
  EXPECT_EQ(deltas->int64(0, 0), 3);
  EXPECT_EQ(*store->count_queued("zego", "app0"), 4);
  // Rows written by hand, in one statement, with a status that is not counted among them.
  ASSERT_TRUE(conn->exec("INSERT INTO tasks (id, app_id, api, status) VALUES ('h1', 'app0', 'zego', 'QUEUED'), "
                         "('h2', 'app9', 'zego', 'QUEUED'), ('h3', 'app0', 'zego', 'SUCCEEDED')"));
  EXPECT_EQ(*store->count_queued("zego", "app0"), 5);
  EXPECT_EQ(*store->count_queued("zego", "app9"), 1);
  EXPECT_EQ(*store->count_queued(), 14);
  ASSERT_TRUE(store->fold_counts());
  ASSERT_TRUE(conn->exec("DELETE FROM tasks WHERE app_id IN ('app0', 'app1')"));
  EXPECT_EQ(*store->count_queued("zego", "app0"), 0);
  EXPECT_EQ(*store->count_queued("zego", "app1"), 0);
  EXPECT_EQ(*store->count_queued("zego", "app2"), 4);
  EXPECT_EQ(*store->count_queued(), 5);
  ASSERT_TRUE(store->fold_counts());
  EXPECT_EQ(*store->count_queued(), 5);
}

TEST_F(PgTaskStoreTest, HostileIdsAppsAndFiltersAreStoredAndReadVerbatim) {
  auto store = open();
  ASSERT_TRUE(store);
  const std::vector<std::string> hostile{
      "x'); DROP TABLE tasks; --",
      "$1",
      "' OR '1'='1",
      "back\\slash \"quoted\" ; SELECT pg_sleep(5)",
      "100%_wild",
      "\xe4\xbd\xa0\xe5\xa5\xbd",  // UTF-8
  };
  for (size_t i = 0; i < hostile.size(); ++i) {
    TaskSpec spec = sample_spec(hostile[i]);
    spec.source_id = hostile[i];
    spec.extra = hostile[i];
    ASSERT_TRUE(store->create(hostile[i], spec, kT0 + static_cast<int64_t>(i))) << hostile[i];
    ASSERT_TRUE(*store->put_media(hostile[i], hostile[i] + "/file.mp4", kT0));
  }
  for (const std::string& value : hostile) {
    auto got = store->get(value);
    ASSERT_TRUE(got && got->has_value()) << value;
    EXPECT_EQ((*got)->id, value);
    EXPECT_EQ((*got)->spec.app_id, value);
    EXPECT_EQ((*got)->spec.extra, value);
    auto by_app = store->list({.app_id = value});
    ASSERT_TRUE(by_app) << by_app.error().message;
    ASSERT_EQ(by_app->size(), 1u) << value;
    EXPECT_EQ(by_app->front().id, value);
    EXPECT_EQ(*store->count({.source = value}), 1) << value;
    EXPECT_EQ(*store->count({.ids = {value}}), 1) << value;
    EXPECT_EQ(store->get_media(value)->value_or(""), value + "/file.mp4");
  }
  EXPECT_EQ(*store->count({}), static_cast<int64_t>(hostile.size()));
  EXPECT_EQ(*store->count({.app_id = "%"}), 0);
  // A NUL byte cannot be stored in PostgreSQL text: refused, not cut short at the NUL.
  auto nul = store->create(std::string("nul\0tail", 8), sample_spec(), kT0);
  ASSERT_FALSE(nul);
  EXPECT_FALSE(store->get("nul")->has_value());
  EXPECT_FALSE(store->put_media(std::string("f\0", 2), "x", kT0));
  EXPECT_EQ(*store->count({}), static_cast<int64_t>(hostile.size()));
}

TEST_F(PgTaskStoreTest, MediaAnswersAreKeptForAWhileAndDroppedWhenAnotherStoreChangesTheTable) {
  auto mine = open({.media_cache_ms = 600'000});
  auto other = open();
  if (!mine || !other) return;
  EXPECT_FALSE(mine->get_media("clip")->has_value());  // "unknown" is kept too
  ASSERT_TRUE(*other->put_media("clip", "a.mp4", kT0));
  EXPECT_FALSE(mine->get_media("clip")->has_value());  // from memory: the change is not known here yet
  EXPECT_EQ(other->get_media("clip")->value_or(""), "a.mp4");  // a store without a cache reads the table
  mine->forget_cached_media();  // what the listener does on the change's notification
  EXPECT_EQ(mine->get_media("clip")->value_or(""), "a.mp4");
  // A change this store makes is its own to know at once.
  ASSERT_TRUE(*mine->put_media("clip", "b.mp4", kT0 + 1));
  EXPECT_EQ(mine->get_media("clip")->value_or(""), "b.mp4");
  EXPECT_EQ(other->get_media("clip")->value_or(""), "b.mp4");
}

TEST_F(PgTaskStoreTest, AKeptMediaAnswerExpires) {
  auto mine = open({.media_cache_ms = 50});
  auto other = open();
  if (!mine || !other) return;
  EXPECT_FALSE(mine->get_media("clip")->has_value());
  ASSERT_TRUE(*other->put_media("clip", "a.mp4", kT0));
  // Past its 50 ms the answer is read again (a bound on waiting, not a measure of time).
  std::string seen;
  for (int i = 0; i < 3'000 && seen.empty(); ++i) {
    seen = mine->get_media("clip")->value_or("");
    if (seen.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(seen, "a.mp4");
}

}  // namespace
}  // namespace tg::tasks
