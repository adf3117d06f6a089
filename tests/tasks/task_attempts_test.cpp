#include <gtest/gtest.h>

#include "store_backends.hpp"
#include "tasks/migrations_runner.hpp"

// The attempt history SqliteTaskStore keeps for each task (task_attempts), and the overview aggregates.

namespace tg::tasks {
namespace {

using testing::fresh_dir;
using testing::open_store;
using testing::sample_spec;

constexpr int64_t kT0 = 1'700'000'000'000;

template <class Backend>
class TaskAttempts : public testing::StoreTest<Backend> {};
TYPED_TEST_SUITE(TaskAttempts, testing::StoreBackends, testing::StoreBackendNames);

template <class Backend>
class TaskOverview : public testing::StoreTest<Backend> {};
TYPED_TEST_SUITE(TaskOverview, testing::StoreBackends, testing::StoreBackendNames);

std::vector<TaskAttempt> attempts_of(TaskStore& store, const std::string& id) {
  auto attempts = store.attempts(id);
  EXPECT_TRUE(attempts) << attempts.error().message;
  return attempts ? *attempts : std::vector<TaskAttempt>{};
}

TYPED_TEST(TaskAttempts, AClaimStartsOneAndCompletionEndsIt) {
  auto store = this->open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->create("t", sample_spec(), kT0));
  EXPECT_TRUE(attempts_of(*store, "t").empty());
  ASSERT_TRUE(store->claim("w1", kT0 + 10, 1'000)->has_value());

  auto running = attempts_of(*store, "t");
  ASSERT_EQ(running.size(), 1u);
  EXPECT_EQ(running[0].number, 1);
  EXPECT_EQ(running[0].worker_id, "w1");
  EXPECT_EQ(running[0].started_ms, kT0 + 10);
  EXPECT_EQ(running[0].ended_ms, 0);
  EXPECT_EQ(running[0].outcome, "running");

  // A refused completion (another worker) ends nothing.
  EXPECT_FALSE(*store->complete("t", "w2", {}, kT0 + 15, std::nullopt));
  EXPECT_EQ(attempts_of(*store, "t")[0].outcome, "running");
  ASSERT_TRUE(*store->complete("t", "w1", {}, kT0 + 20, std::nullopt));
  auto done = attempts_of(*store, "t");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].outcome, "succeeded");
  EXPECT_EQ(done[0].ended_ms, kT0 + 20);
  EXPECT_EQ(done[0].error_code, "");
  EXPECT_TRUE(attempts_of(*store, "unknown").empty());
}

TYPED_TEST(TaskAttempts, RetryReleaseLeaseExpiryFailureAndManualRetryKeepCounting) {
  auto store = this->open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->create("t", sample_spec(), kT0));

  // 1: a transient error puts it back for a later try.
  ASSERT_TRUE(store->claim_local("w1", kT0 + 1, 1'000)->has_value());
  ASSERT_TRUE(*store->release("t", "w1", kT0 + 2, kT0 + 100, false, "io", "origin reset the connection"));
  // Waiting for the retry: the rescuer queues it without ending anything more.
  EXPECT_EQ(*store->requeue_expired(kT0 + 101), 1);
  // 2: put back at shutdown (not counted as a try).
  ASSERT_TRUE(store->claim("w2", kT0 + 200, 1'000)->has_value());
  ASSERT_TRUE(*store->release("t", "w2", kT0 + 201, kT0 + 201, true, "", ""));
  // 3: the worker vanished and its lease ran out.
  ASSERT_TRUE(store->claim("w3", kT0 + 300, 1'000)->has_value());
  EXPECT_EQ(*store->requeue_expired(kT0 + 1'301), 1);
  // 4: fails for good.
  ASSERT_TRUE(store->claim("w4", kT0 + 1'400, 1'000)->has_value());
  ASSERT_TRUE(*store->fail("t", "w4", "not_found", "no such file", kT0 + 1'450, std::nullopt));
  // A manual retry keeps the history; 5: the next claim counts on.
  ASSERT_TRUE(*store->retry("t", kT0 + 2'000));
  EXPECT_EQ(attempts_of(*store, "t").size(), 4u);
  auto fifth = store->claim("w5", kT0 + 2'100, 1'000);
  ASSERT_TRUE(fifth && fifth->has_value());
  EXPECT_EQ((*fifth)->attempts, 1);  // the task's own count starts over

  const auto history = attempts_of(*store, "t");
  ASSERT_EQ(history.size(), 5u);
  for (size_t i = 0; i < history.size(); ++i) EXPECT_EQ(history[i].number, static_cast<int>(i) + 1);
  EXPECT_EQ(history[0].worker_id, "w1");
  EXPECT_EQ(history[0].outcome, "retry");
  EXPECT_EQ(history[0].ended_ms, kT0 + 2);
  EXPECT_EQ(history[0].error_code, "io");
  EXPECT_EQ(history[0].error_message, "origin reset the connection");
  EXPECT_EQ(history[1].outcome, "released");
  EXPECT_EQ(history[1].ended_ms, kT0 + 201);
  EXPECT_EQ(history[1].error_code, "");
  EXPECT_EQ(history[2].outcome, "lease_expired");
  EXPECT_EQ(history[2].worker_id, "w3");
  EXPECT_EQ(history[2].started_ms, kT0 + 300);
  EXPECT_EQ(history[2].ended_ms, kT0 + 1'301);
  EXPECT_EQ(history[3].outcome, "failed");
  EXPECT_EQ(history[3].error_code, "not_found");
  EXPECT_EQ(history[3].error_message, "no such file");
  EXPECT_EQ(history[3].ended_ms, kT0 + 1'450);
  EXPECT_EQ(history[4].outcome, "running");
  EXPECT_EQ(history[4].worker_id, "w5");
  EXPECT_EQ(history[4].ended_ms, 0);
}

TYPED_TEST(TaskAttempts, CancelOfAWaitingTaskRecordsNothing) {
  auto store = this->open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->create("queued", sample_spec(), kT0));
  ASSERT_TRUE(*store->cancel("queued", kT0 + 1));
  EXPECT_TRUE(attempts_of(*store, "queued").empty());

  ASSERT_TRUE(store->create("waiting", sample_spec(), kT0 + 2));
  ASSERT_TRUE(store->claim("w", kT0 + 3, 1'000)->has_value());
  ASSERT_TRUE(*store->release("waiting", "w", kT0 + 4, kT0 + 5'000, false, "io", "timed out"));
  ASSERT_TRUE(*store->cancel("waiting", kT0 + 5));
  auto history = attempts_of(*store, "waiting");
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].outcome, "retry");
  EXPECT_EQ(history[0].ended_ms, kT0 + 4);
}

TYPED_TEST(TaskAttempts, DeletingAFinishedTaskDeletesItsAttempts) {
  auto store = this->open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->create("t", sample_spec(), kT0));
  ASSERT_TRUE(store->claim("w", kT0 + 1, 1'000)->has_value());
  ASSERT_TRUE(*store->fail("t", "w", "io", "x", kT0 + 2, std::nullopt));
  ASSERT_EQ(attempts_of(*store, "t").size(), 1u);
  ASSERT_EQ(*store->delete_finished({"t"}), 1);
  EXPECT_TRUE(attempts_of(*store, "t").empty());
  // A task created again under the same id starts a new history.
  ASSERT_TRUE(store->create("t", sample_spec(), kT0 + 10));
  ASSERT_TRUE(store->claim("w", kT0 + 11, 1'000)->has_value());
  auto fresh = attempts_of(*store, "t");
  ASSERT_EQ(fresh.size(), 1u);
  EXPECT_EQ(fresh[0].number, 1);
}

TEST(TaskAttemptsOnSqlite, ADatabaseFromBeforeTheHistoryKeepsItsTasksAndRecordsFromThenOn) {
  const std::string dir = fresh_dir();
  {
    auto db = SqliteDatabase::open(dir + "/tasks.db");
    ASSERT_TRUE(db) << db.error();
    const std::vector<Migration> older(embedded_migrations().begin(), embedded_migrations().begin() + 4);
    ASSERT_TRUE(apply_migrations(**db, older));
    // A task a worker held when the older version stopped, and one finished with a failed callback.
    auto insert = (*db)->prepare(
        "INSERT INTO tasks (id, app_id, api, params, status, attempts, created_ms, started_ms, finished_ms, "
        "lease_until_ms, worker_id) VALUES (?1, 'a', 'zego', ?2, ?3, 1, 1000, 1000, ?4, ?5, ?6)");
    ASSERT_TRUE(insert) << insert.error();
    const std::string params = encode_job(sample_spec().job);
    {
      Statement held(*insert);
      held.bind(1, "held").bind(2, params).bind(3, "RUNNING").bind(4, 0).bind(5, 2000).bind(6, "old-worker");
      ASSERT_EQ(held.step(), Statement::Step::kDone) << held.error();
    }
    {
      Statement done(*insert);
      done.bind(1, "done").bind(2, params).bind(3, "SUCCEEDED").bind(4, 1500).bind(5, 0).bind(6, "");
      ASSERT_EQ(done.step(), Statement::Step::kDone) << done.error();
    }
    ASSERT_TRUE((*db)->exec(
        "INSERT INTO callbacks (task_id, url, attempts, state, last_error, updated_ms) "
        "VALUES ('done', 'http://cb.example/x', 6, 'failed', 'HTTP 500', 1600);"));
  }
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  auto held = store->get("held");
  ASSERT_TRUE(held && held->has_value()) << (held ? "" : held.error().message);
  EXPECT_EQ((*held)->spec.request, "");
  EXPECT_TRUE(attempts_of(*store, "held").empty());
  const CallbackDelivery old_callback = store->callbacks_for("done")->front();
  EXPECT_EQ(old_callback.last_http_status, 0);
  EXPECT_EQ(old_callback.last_response, "");
  EXPECT_EQ(old_callback.redelivered_after, 0);
  EXPECT_TRUE(store->callback_attempts("done")->empty());
  EXPECT_EQ(store->callback_health(0)->first, 1);

  // Its lease runs out and the next claim is the first one recorded.
  EXPECT_EQ(*store->requeue_expired(3000), 1);
  ASSERT_TRUE(store->claim("w", 3001, 1'000)->has_value());
  auto history = attempts_of(*store, "held");
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].number, 1);
  EXPECT_EQ(history[0].outcome, "running");
  ASSERT_EQ(*store->redeliver(old_callback.id, 4000), Redelivery::kQueued);
  EXPECT_EQ(store->callbacks_for("done")->front().redelivered_after, 6);
}

TYPED_TEST(TaskOverview, CountsSinceGroupByApiAndStatus) {
  auto store = this->open();
  ASSERT_TRUE(store);
  TaskSpec zego = sample_spec();
  TaskSpec vod = sample_spec();
  vod.api = "tencent_vod";
  ASSERT_TRUE(store->create("old", zego, kT0 - 1));  // before the window
  ASSERT_TRUE(store->create("z1", zego, kT0));
  ASSERT_TRUE(store->create("z2", zego, kT0 + 1));
  ASSERT_TRUE(store->create("v1", vod, kT0 + 2));
  ASSERT_TRUE(store->create("v2", vod, kT0 + 3));
  ASSERT_TRUE(store->create("v3", vod, kT0 + 4));
  ASSERT_TRUE(*store->cancel("v3", kT0 + 5));
  ASSERT_TRUE(*store->cancel("z2", kT0 + 5));

  auto counts = store->counts_since(kT0);
  ASSERT_TRUE(counts) << counts.error().message;
  ASSERT_EQ(counts->size(), 4u);
  auto expect = [&](size_t i, const std::string& api, TaskStatus status, int64_t count) {
    EXPECT_EQ((*counts)[i].api, api) << i;
    EXPECT_EQ((*counts)[i].status, status) << i;
    EXPECT_EQ((*counts)[i].count, count) << i;
  };
  expect(0, "tencent_vod", TaskStatus::kCanceled, 1);
  expect(1, "tencent_vod", TaskStatus::kQueued, 2);
  expect(2, "zego", TaskStatus::kCanceled, 1);
  expect(3, "zego", TaskStatus::kQueued, 1);
  EXPECT_TRUE(store->counts_since(kT0 + 5)->empty());
}

TYPED_TEST(TaskOverview, EngineTimeOfFinishedTasksPerType) {
  auto store = this->open();
  ASSERT_TRUE(store);
  TaskSpec snapshot = sample_spec();
  TaskSpec sprite = sample_spec();
  sprite.type = "ImageSprite";
  // Each is claimed at its creation time and finished `run` ms later.
  struct Run {
    const char* id;
    const TaskSpec* spec;
    int64_t at;
    int64_t run;
    bool ok;
  };
  const Run runs[] = {{"early", &snapshot, kT0 - 500, 100, true},  // finished before the window
                      {"s1", &snapshot, kT0, 300, true},
                      {"s2", &snapshot, kT0 + 1'000, 700, false},
                      {"p1", &sprite, kT0 + 2'000, 50, true}};
  for (const Run& run : runs) {
    ASSERT_TRUE(store->create(run.id, *run.spec, run.at));
    auto claimed = store->claim("w", run.at, 60'000);
    ASSERT_TRUE(claimed && claimed->has_value());
    ASSERT_EQ((*claimed)->id, run.id);
    if (run.ok) {
      ASSERT_TRUE(*store->complete(run.id, "w", {}, run.at + run.run, std::nullopt));
    } else {
      ASSERT_TRUE(*store->fail(run.id, "w", "io", "x", run.at + run.run, std::nullopt));
    }
  }
  // Canceled and still running tasks are not engine time.
  ASSERT_TRUE(store->create("c", snapshot, kT0 + 3'000));
  ASSERT_TRUE(*store->cancel("c", kT0 + 3'500));
  ASSERT_TRUE(store->create("r", snapshot, kT0 + 4'000));
  ASSERT_TRUE(store->claim("w", kT0 + 4'000, 60'000)->has_value());

  auto times = store->engine_time_since(kT0);
  ASSERT_TRUE(times) << times.error().message;
  ASSERT_EQ(times->size(), 2u);
  EXPECT_EQ((*times)[0].type, "ImageSprite");
  EXPECT_EQ((*times)[0].tasks, 1);
  EXPECT_EQ((*times)[0].total_ms, 50);
  EXPECT_EQ((*times)[0].max_ms, 50);
  EXPECT_EQ((*times)[1].type, "SnapshotByTimeOffset");
  EXPECT_EQ((*times)[1].tasks, 2);
  EXPECT_EQ((*times)[1].total_ms, 1'000);
  EXPECT_EQ((*times)[1].max_ms, 700);
  EXPECT_TRUE(store->engine_time_since(kT0 + 10'000)->empty());
}

}  // namespace
}  // namespace tg::tasks
