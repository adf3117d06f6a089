// The contract of TaskStore, CallbackOutbox and MediaTable (tasks/task_store.hpp, callback_outbox.hpp,
// media_table.hpp), held by every store: SQLite, and PostgreSQL when the tests have a server
// (tests/tasks/store_backends.hpp).

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "store_backends.hpp"

namespace tg::tasks {
namespace {

using testing::sample_spec;

constexpr int64_t kT0 = 1'700'000'000'000;

template <class Backend>
class TaskStoreContract : public testing::StoreTest<Backend> {};
TYPED_TEST_SUITE(TaskStoreContract, testing::StoreBackends, testing::StoreBackendNames);

TYPED_TEST(TaskStoreContract, CreateGetRoundTripsEveryField) {
  auto store = this->open();
  ASSERT_TRUE(store);
  TaskSpec spec = sample_spec();
  spec.job.as<SnapshotJob>().black.pixel_threshold = 32;
  spec.request = R"({"method":"GET","path":"/v2/index.php","query":[["Action","CreateImageSprite"]],"body":""})";
  auto created = store->create("task-1", spec, kT0);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->status, TaskStatus::kQueued);

  auto got = store->get("task-1");
  ASSERT_TRUE(got) << got.error().message;
  ASSERT_TRUE(got->has_value());
  const TaskRecord& r = **got;
  EXPECT_EQ(r.id, "task-1");
  EXPECT_EQ(r.spec.app_id, spec.app_id);
  EXPECT_EQ(r.spec.api, spec.api);
  EXPECT_EQ(r.spec.vendor, spec.vendor);
  EXPECT_EQ(r.spec.type, spec.type);
  EXPECT_EQ(r.spec.source_id, spec.source_id);
  EXPECT_EQ(r.spec.input, spec.input);
  EXPECT_EQ(encode_job(r.spec.job), encode_job(spec.job));
  EXPECT_EQ(r.spec.job.as<SnapshotJob>().black.pixel_threshold, 32);
  EXPECT_EQ(r.spec.callback_url, spec.callback_url);
  EXPECT_EQ(r.spec.extra, spec.extra);
  EXPECT_EQ(r.spec.request, spec.request);
  EXPECT_EQ(r.status, TaskStatus::kQueued);
  EXPECT_EQ(r.progress, 0);
  EXPECT_EQ(r.attempts, 0);
  EXPECT_EQ(r.created_ms, kT0);
  EXPECT_EQ(r.updated_ms, kT0);
  EXPECT_EQ(r.started_ms, 0);
  EXPECT_EQ(r.finished_ms, 0);
  EXPECT_TRUE(r.outputs.empty());
  EXPECT_TRUE(r.worker_id.empty());

  // The rest of the fields come back after a claim and a completion.
  auto claimed = store->claim("w1", kT0 + 10, 30'000);
  ASSERT_TRUE(claimed && claimed->has_value());
  std::vector<TaskOutput> outputs{{"shot_1500.jpg", "image", 1500, 320, 180}, {"x.vtt", "vtt", 0, 0, 0}};
  auto done = store->complete("task-1", "w1", outputs, kT0 + 20, std::nullopt);
  ASSERT_TRUE(done && *done);
  got = store->get("task-1");
  ASSERT_TRUE(got && got->has_value());
  const TaskRecord& f = **got;
  EXPECT_EQ(f.status, TaskStatus::kSucceeded);
  EXPECT_EQ(f.progress, 100);
  EXPECT_EQ(f.attempts, 1);
  EXPECT_EQ(f.started_ms, kT0 + 10);
  EXPECT_EQ(f.finished_ms, kT0 + 20);
  EXPECT_EQ(f.updated_ms, kT0 + 20);
  EXPECT_EQ(f.worker_id, "w1");
  ASSERT_EQ(f.outputs.size(), 2u);
  EXPECT_EQ(f.outputs[0].name, "shot_1500.jpg");
  EXPECT_EQ(f.outputs[0].kind, "image");
  EXPECT_EQ(f.outputs[0].offset_ms, 1500);
  EXPECT_EQ(f.outputs[0].width, 320);
  EXPECT_EQ(f.outputs[0].height, 180);
  EXPECT_EQ(f.outputs[1].kind, "vtt");
}

TYPED_TEST(TaskStoreContract, GetOfUnknownIdIsEmpty) {
  auto store = this->open();
  ASSERT_TRUE(store);
  auto got = store->get("nope");
  ASSERT_TRUE(got);
  EXPECT_FALSE(got->has_value());
}

// A client's id that no table can hold (not UTF-8, a NUL byte) is simply not found, in every store.
TYPED_TEST(TaskStoreContract, IdsThatAreNotTextAreNotFoundNotErrors) {
  auto store = this->open();
  ASSERT_TRUE(store);
  for (const std::string id : {std::string("\xff\xfe.mp4"), std::string("caf\xe9"), std::string("a\0b", 3)}) {
    auto got = store->get(id);
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_FALSE(got->has_value());
    auto media = store->get_media(id);
    ASSERT_TRUE(media) << media.error().message;
    EXPECT_FALSE(media->has_value());
    auto cancelled = store->cancel(id, kT0);
    ASSERT_TRUE(cancelled) << cancelled.error().message;
    EXPECT_FALSE(*cancelled);
    auto attempts = store->attempts(id);
    ASSERT_TRUE(attempts) << attempts.error().message;
    EXPECT_TRUE(attempts->empty());
    TaskQuery query;
    query.ids = {id};
    auto listed = store->list(query);
    ASSERT_TRUE(listed) << listed.error().message;
    EXPECT_TRUE(listed->empty());
    auto counted = store->count(query);
    ASSERT_TRUE(counted) << counted.error().message;
    EXPECT_EQ(*counted, 0);
  }
}

TYPED_TEST(TaskStoreContract, DuplicateAndEmptyIdsAreErrors) {
  auto store = this->open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->create("dup", sample_spec(), kT0));
  EXPECT_FALSE(store->create("dup", sample_spec(), kT0));
  EXPECT_FALSE(store->create("", sample_spec(), kT0));
}

TYPED_TEST(TaskStoreContract, ClaimTakesOldestFirstAndSetsLease) {
  auto store = this->open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->create("b", sample_spec(), kT0 + 5));
  ASSERT_TRUE(store->create("a", sample_spec(), kT0 + 1));
  ASSERT_TRUE(store->create("c", sample_spec(), kT0 + 9));
  EXPECT_EQ(*store->count_queued(), 3);

  std::vector<std::string> order;
  for (int i = 0; i < 3; ++i) {
    auto claimed = store->claim("w", kT0 + 100, 5'000);
    ASSERT_TRUE(claimed) << claimed.error().message;
    ASSERT_TRUE(claimed->has_value());
    EXPECT_EQ((*claimed)->status, TaskStatus::kRunning);
    EXPECT_EQ((*claimed)->worker_id, "w");
    EXPECT_EQ((*claimed)->lease_until_ms, kT0 + 5'100);
    EXPECT_EQ((*claimed)->attempts, 1);
    order.push_back((*claimed)->id);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "c"}));
  auto none = store->claim("w", kT0 + 100, 5'000);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  EXPECT_EQ(*store->count_queued(), 0);
}

// The queue counts that admission reads (count_queued) agree with the rows after every way a task enters or
// leaves the queue: create, enqueue, enqueue_many, claim, release, fail, retry, cancel, requeue, delete.
TYPED_TEST(TaskStoreContract, QueuedCountsFollowEveryWayATaskEntersOrLeavesTheQueue) {
  auto store = this->open();
  ASSERT_TRUE(store);
  std::vector<std::string> ids;
  auto expect_counts = [&](const char* step) {
    int64_t all = 0, of_a = 0, of_b = 0;
    for (const std::string& id : ids) {
      auto got = store->get(id);
      ASSERT_TRUE(got && got->has_value()) << step << " " << id;
      if ((*got)->status != TaskStatus::kQueued) continue;
      ++all;
      ((*got)->spec.app_id == "a" ? of_a : of_b) += 1;
    }
    // The same before and after the upkeep folds what the store keeps on the side for its counts.
    for (const char* when : {"before folding", "after folding"}) {
      EXPECT_EQ(*store->count_queued(), all) << step << ", " << when;
      EXPECT_EQ(*store->count_queued("zego", "a"), of_a) << step << ", " << when;
      EXPECT_EQ(*store->count_queued("zego", "b"), of_b) << step << ", " << when;
      EXPECT_EQ(*store->count_queued("zego", "nobody"), 0) << step << ", " << when;
      ASSERT_TRUE(store->fold_counts()) << step;
    }
  };
  expect_counts("empty");
  ASSERT_TRUE(store->create("a1", sample_spec("a"), kT0 + 1));
  ASSERT_TRUE(store->enqueue("a2", sample_spec("a"), kT0 + 2, QueueLimits{}));
  ASSERT_TRUE(store->enqueue_many({EnqueueRequest{"b1", sample_spec("b"), QueueLimits{}},
                                   EnqueueRequest{"a3", sample_spec("a"), QueueLimits{}},
                                   EnqueueRequest{"b2", sample_spec("b"), QueueLimits{}}},
                                  kT0 + 3));
  ids = {"a1", "a2", "a3", "b1", "b2"};
  expect_counts("submitted");

  auto first = store->claim("w", kT0 + 10, 1'000);
  ASSERT_TRUE(first && first->has_value());
  auto second = store->claim("w", kT0 + 10, 1'000);
  ASSERT_TRUE(second && second->has_value());
  expect_counts("two claimed");
  ASSERT_TRUE(*store->release((*first)->id, "w", kT0 + 20, kT0 + 20, false, "E", "transient"));
  expect_counts("one released to the queue");
  ASSERT_TRUE(*store->fail((*second)->id, "w", "E", "failed", kT0 + 30, std::nullopt));
  expect_counts("one failed");
  ASSERT_TRUE(*store->retry((*second)->id, kT0 + 40));
  expect_counts("the failed one retried");

  auto held = store->claim("w", kT0 + 50, 1'000);
  ASSERT_TRUE(held && held->has_value());
  ASSERT_TRUE(*store->release((*held)->id, "w", kT0 + 60, kT0 + 5'000, false, "E", "later"));
  expect_counts("one waiting for its retry time");
  ASSERT_EQ(*store->requeue_expired(kT0 + 6'000), 1);
  expect_counts("the waiting one requeued");
  auto expired = store->claim("w", kT0 + 7'000, 1'000);
  ASSERT_TRUE(expired && expired->has_value());
  ASSERT_EQ(*store->requeue_expired(kT0 + 9'000), 1);
  expect_counts("an expired lease requeued");

  ASSERT_TRUE(*store->cancel("b2", kT0 + 10'000));
  expect_counts("one canceled");
  auto done = store->claim("w", kT0 + 11'000, 1'000);
  ASSERT_TRUE(done && done->has_value());
  ASSERT_TRUE(*store->complete((*done)->id, "w", {}, kT0 + 12'000, std::nullopt));
  expect_counts("one succeeded");
  ASSERT_EQ(*store->delete_finished({"b2", (*done)->id}), 2);
  ids.erase(std::remove_if(ids.begin(), ids.end(),
                           [&](const std::string& id) { return id == "b2" || id == (*done)->id; }),
            ids.end());
  expect_counts("finished ones deleted");
}

TYPED_TEST(TaskStoreContract, ClaimLocalSkipsRemoteInputs) {
  auto store = this->open();
  ASSERT_TRUE(store);
  TaskSpec remote = sample_spec();
  remote.input = "https://media.example.com/a.mp4";
  TaskSpec shouting = sample_spec();
  shouting.input = "HTTP://media.example.com/b.mp4";
  ASSERT_TRUE(store->create("remote", remote, kT0 + 1));
  ASSERT_TRUE(store->create("shouting", shouting, kT0 + 2));
  ASSERT_TRUE(store->create("local", sample_spec(), kT0 + 3));
  auto local = store->claim_local("w", kT0 + 100, 5'000);
  ASSERT_TRUE(local && local->has_value());
  EXPECT_EQ((*local)->id, "local");
  auto none = store->claim_local("w", kT0 + 100, 5'000);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  auto any = store->claim("w", kT0 + 100, 5'000);
  ASSERT_TRUE(any && any->has_value());
  EXPECT_EQ((*any)->id, "remote");
}

TYPED_TEST(TaskStoreContract, ConcurrentClaimsTakeEachTaskOnce) {
  auto store = this->open();
  ASSERT_TRUE(store);
  constexpr int kTasks = 200;
  for (int i = 0; i < kTasks; ++i) ASSERT_TRUE(store->create("t" + std::to_string(i), sample_spec(), kT0 + i));
  // Two connections on the same file (as two processes would have) and two threads on the shared one.
  auto other = this->open();
  ASSERT_TRUE(other);
  std::vector<std::string> taken[4];
  std::atomic<int> errors{0};
  auto worker = [&](TaskStore* s, int index) {
    for (;;) {
      auto claimed = s->claim("w" + std::to_string(index), kT0 + 1'000, 60'000);
      if (!claimed) {
        ++errors;
        continue;
      }
      if (!claimed->has_value()) return;
      taken[index].push_back((*claimed)->id);
    }
  };
  std::thread t0(worker, store.get(), 0), t1(worker, store.get(), 1), t2(worker, other.get(), 2),
      t3(worker, other.get(), 3);
  t0.join();
  t1.join();
  t2.join();
  t3.join();
  EXPECT_EQ(errors.load(), 0);
  std::multiset<std::string> all;
  for (const auto& list : taken) all.insert(list.begin(), list.end());
  EXPECT_EQ(all.size(), static_cast<size_t>(kTasks));
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), static_cast<size_t>(kTasks));
  auto running = store->list({.status = TaskStatus::kRunning, .limit = 1000});
  ASSERT_TRUE(running);
  EXPECT_EQ(running->size(), static_cast<size_t>(kTasks));
  for (const TaskRecord& r : *running) EXPECT_EQ(r.attempts, 1) << r.id;
}

TYPED_TEST(TaskStoreContract, TaskFinishesOnlyOnceAndOnlyByItsWorker) {
  auto store = this->open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->create("t", sample_spec(), kT0));
  // Not running yet: nothing to finish.
  EXPECT_FALSE(*store->complete("t", "w1", {}, kT0, std::nullopt));
  ASSERT_TRUE(store->claim("w1", kT0, 1000)->has_value());
  EXPECT_FALSE(*store->complete("t", "intruder", {}, kT0, std::nullopt));
  EXPECT_FALSE(*store->fail("t", "intruder", "io", "x", kT0, std::nullopt));
  EXPECT_TRUE(*store->fail("t", "w1", "not_found", "no such file", kT0 + 5, std::nullopt));
  EXPECT_FALSE(*store->complete("t", "w1", {}, kT0 + 6, std::nullopt));
  EXPECT_FALSE(*store->fail("t", "w1", "io", "again", kT0 + 6, std::nullopt));
  auto got = store->get("t");
  ASSERT_TRUE(got && got->has_value());
  EXPECT_EQ((*got)->status, TaskStatus::kFailed);
  EXPECT_EQ((*got)->error_code, "not_found");
  EXPECT_EQ((*got)->error_message, "no such file");
  EXPECT_EQ((*got)->finished_ms, kT0 + 5);
}

TYPED_TEST(TaskStoreContract, ExpiredLeaseIsRequeuedAndTheOldWorkerCannotFinish) {
  auto store = this->open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->create("t", sample_spec(), kT0));
  ASSERT_TRUE(store->claim("w1", kT0, 1'000)->has_value());
  EXPECT_EQ(*store->requeue_expired(kT0 + 1'000), 0);  // the lease lasts up to and including its end
  EXPECT_TRUE(*store->heartbeat("t", "w1", 40, kT0 + 500, 1'000));
  EXPECT_EQ(*store->requeue_expired(kT0 + 1'400), 0);  // extended to 1'500
  EXPECT_EQ(store->get("t")->value().progress, 40);
  EXPECT_EQ(*store->requeue_expired(kT0 + 1'501), 1);

  auto requeued = store->get("t");
  ASSERT_TRUE(requeued && requeued->has_value());
  EXPECT_EQ((*requeued)->status, TaskStatus::kQueued);
  EXPECT_TRUE((*requeued)->worker_id.empty());
  EXPECT_FALSE(*store->heartbeat("t", "w1", 50, kT0 + 1'600, 1'000));

  auto again = store->claim("w2", kT0 + 2'000, 1'000);
  ASSERT_TRUE(again && again->has_value());
  EXPECT_EQ((*again)->attempts, 2);
  EXPECT_FALSE(*store->complete("t", "w1", {}, kT0 + 2'100, std::nullopt));
  EXPECT_TRUE(*store->complete("t", "w2", {}, kT0 + 2'100, std::nullopt));
}

TYPED_TEST(TaskStoreContract, CallbackIsQueuedWithTheCompletionOnly) {
  auto store = this->open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->create("t", sample_spec(), kT0));
  ASSERT_TRUE(store->claim("w1", kT0, 1'000)->has_value());
  CallbackDelivery callback;
  callback.url = "http://127.0.0.1:1/cb";
  callback.body = R"({"ok":true})";
  // A refused completion queues nothing.
  EXPECT_FALSE(*store->complete("t", "other", {}, kT0 + 1, callback));
  EXPECT_TRUE(store->callbacks_for("t")->empty());

  EXPECT_TRUE(*store->complete("t", "w1", {{"0.jpg", "image", 0, 10, 10}}, kT0 + 2, callback));
  auto callbacks = store->callbacks_for("t");
  ASSERT_TRUE(callbacks);
  ASSERT_EQ(callbacks->size(), 1u);
  const CallbackDelivery& c = callbacks->front();
  EXPECT_GT(c.id, 0);
  EXPECT_EQ(c.task_id, "t");
  EXPECT_EQ(c.url, callback.url);
  EXPECT_EQ(c.body, callback.body);
  EXPECT_EQ(c.content_type, "application/json");
  EXPECT_EQ(c.state, "pending");
  EXPECT_EQ(c.attempts, 0);
  EXPECT_EQ(c.next_attempt_ms, kT0 + 2);
  EXPECT_EQ(c.created_ms, kT0 + 2);

  auto due = store->due_callbacks(kT0 + 2, 10);
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_TRUE(store->due_callbacks(kT0 + 1, 10)->empty());

  CallbackDelivery updated = due->front();
  updated.attempts = 1;
  updated.state = "delivered";
  updated.updated_ms = kT0 + 3;
  EXPECT_TRUE(*store->update_callback(updated));
  EXPECT_TRUE(store->due_callbacks(kT0 + 100, 10)->empty());
  EXPECT_EQ(store->callbacks_for("t")->front().state, "delivered");
  EXPECT_EQ(store->callbacks_for("t")->front().updated_ms, kT0 + 3);
  updated.state = "bogus";
  EXPECT_FALSE(store->update_callback(updated));
}

TYPED_TEST(TaskStoreContract, FailedCallbackInsertRollsBackTheCompletion) {
  auto store = this->open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->create("t", sample_spec(), kT0));
  ASSERT_TRUE(store->claim("w1", kT0, 1'000)->has_value());
  CallbackDelivery bad;
  bad.url = "http://127.0.0.1:1/cb";
  bad.state = "nonsense";  // refused by the store: the whole transaction must be undone
  EXPECT_FALSE(store->fail("t", "w1", "io", "boom", kT0 + 1, bad));
  auto got = store->get("t");
  ASSERT_TRUE(got && got->has_value());
  EXPECT_EQ((*got)->status, TaskStatus::kRunning);
  EXPECT_TRUE(store->callbacks_for("t")->empty());
  // And the task can still be finished properly afterwards.
  CallbackDelivery good;
  good.url = "http://127.0.0.1:1/cb";
  EXPECT_TRUE(*store->fail("t", "w1", "io", "boom", kT0 + 2, good));
  EXPECT_EQ(store->callbacks_for("t")->size(), 1u);
}

TYPED_TEST(TaskStoreContract, ListFiltersNewestFirstWithPaging) {
  auto store = this->open();
  ASSERT_TRUE(store);
  TaskSpec a = sample_spec("app-a");
  TaskSpec b = sample_spec("app-b");
  b.api = "tencent_vod";
  ASSERT_TRUE(store->create("a1", a, kT0 + 1));
  ASSERT_TRUE(store->create("a2", a, kT0 + 2));
  ASSERT_TRUE(store->create("b1", b, kT0 + 3));
  ASSERT_TRUE(store->create("a3", a, kT0 + 4));
  ASSERT_TRUE(store->claim("w", kT0 + 10, 1000)->has_value());  // a1 runs

  auto ids = [](const std::vector<TaskRecord>& records) {
    std::vector<std::string> out;
    for (const auto& r : records) out.push_back(r.id);
    return out;
  };
  EXPECT_EQ(ids(*store->list({})), (std::vector<std::string>{"a3", "b1", "a2", "a1"}));
  EXPECT_EQ(ids(*store->list({.app_id = "app-a"})), (std::vector<std::string>{"a3", "a2", "a1"}));
  EXPECT_EQ(ids(*store->list({.api = "tencent_vod"})), (std::vector<std::string>{"b1"}));
  EXPECT_EQ(ids(*store->list({.status = TaskStatus::kRunning})), (std::vector<std::string>{"a1"}));
  EXPECT_EQ(ids(*store->list({.app_id = "app-a", .status = TaskStatus::kQueued})),
            (std::vector<std::string>{"a3", "a2"}));
  EXPECT_EQ(ids(*store->list({.limit = 2, .offset = 1})), (std::vector<std::string>{"b1", "a2"}));
  EXPECT_TRUE(store->list({.app_id = "nobody"})->empty());
}

TYPED_TEST(TaskStoreContract, ListAndCountByIdsTimeRangeAndOrder) {
  auto store = this->open();
  ASSERT_TRUE(store);
  for (int i = 1; i <= 5; ++i) ASSERT_TRUE(store->create("t" + std::to_string(i), sample_spec(), kT0 + i));
  auto ids = [](const std::vector<TaskRecord>& records) {
    std::vector<std::string> out;
    for (const auto& r : records) out.push_back(r.id);
    return out;
  };
  EXPECT_EQ(ids(*store->list({.ids = {"t4", "t2", "nope"}})), (std::vector<std::string>{"t4", "t2"}));
  EXPECT_EQ(*store->count({.ids = {"t4", "t2", "nope"}}), 2);
  EXPECT_EQ(ids(*store->list({.created_from_ms = kT0 + 2, .created_to_ms = kT0 + 4})),
            (std::vector<std::string>{"t3", "t2"}));
  EXPECT_EQ(ids(*store->list({.created_from_ms = kT0 + 2, .newest_first = false, .limit = 2, .offset = 1})),
            (std::vector<std::string>{"t3", "t4"}));
  EXPECT_EQ(*store->count({.created_from_ms = kT0 + 2, .limit = 1}), 4);
  EXPECT_EQ(*store->count({.app_id = "nobody"}), 0);
  // An id list is bound, never spliced into the statement.
  EXPECT_TRUE(store->list({.ids = {"t1') OR ('1' = '1"}})->empty());
  std::vector<std::string> too_many(101, "t1");
  EXPECT_FALSE(store->list({.ids = too_many}));
  EXPECT_FALSE(store->count({.ids = too_many}));
}

TYPED_TEST(TaskStoreContract, CancelTakesOnlyWaitingTasksOffTheQueue) {
  auto store = this->open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->create("queued", sample_spec(), kT0));
  ASSERT_TRUE(store->create("running", sample_spec(), kT0 + 1));
  ASSERT_TRUE(store->create("retrying", sample_spec(), kT0 + 2));
  // Claims go oldest first: "queued" is taken and finished, then the others are claimed.
  ASSERT_EQ((*store->claim("w", kT0 + 10, 1000))->id, "queued");
  ASSERT_TRUE(*store->complete("queued", "w", {}, kT0 + 11, std::nullopt));
  ASSERT_EQ((*store->claim("w", kT0 + 12, 100'000))->id, "running");
  ASSERT_EQ((*store->claim("w", kT0 + 13, 1000))->id, "retrying");
  // Waits for a retry.
  ASSERT_TRUE(*store->release("retrying", "w", kT0 + 14, kT0 + 5000, false, "io", "origin timed out"));
  ASSERT_TRUE(store->create("fresh", sample_spec(), kT0 + 15));

  EXPECT_FALSE(*store->cancel("queued", kT0 + 20));   // already finished
  EXPECT_FALSE(*store->cancel("running", kT0 + 20));  // a worker holds it
  EXPECT_FALSE(*store->cancel("nope", kT0 + 20));
  EXPECT_TRUE(*store->cancel("retrying", kT0 + 20));
  EXPECT_TRUE(*store->cancel("fresh", kT0 + 21));
  EXPECT_FALSE(*store->cancel("fresh", kT0 + 22));  // once

  const TaskRecord fresh = **store->get("fresh");
  EXPECT_EQ(fresh.status, TaskStatus::kCanceled);
  EXPECT_EQ(fresh.finished_ms, kT0 + 21);
  EXPECT_EQ((**store->get("retrying")).status, TaskStatus::kCanceled);
  // Nothing canceled is claimed again, not even when the retry time passes.
  EXPECT_EQ(*store->requeue_expired(kT0 + 6000), 0);
  EXPECT_FALSE(store->claim("w2", kT0 + 6001, 1000)->has_value());
  EXPECT_EQ(*store->count({.status = TaskStatus::kCanceled}), 2);
  // Canceled tasks age out like finished ones.
  EXPECT_EQ(store->finished_before(kT0 + 100, 10)->size(), 3u);
}

TYPED_TEST(TaskStoreContract, MediaTablePutReplaceGet) {
  auto store = this->open();
  ASSERT_TRUE(store);
  EXPECT_FALSE(store->get_media("f1")->has_value());
  EXPECT_TRUE(*store->put_media("f1", "videos/a.mp4", kT0));
  EXPECT_EQ(store->get_media("f1")->value(), "videos/a.mp4");
  EXPECT_TRUE(*store->put_media("f1", "https://example.com/b.mp4", kT0 + 1));
  EXPECT_EQ(store->get_media("f1")->value(), "https://example.com/b.mp4");
  EXPECT_FALSE(store->put_media("", "x", kT0));
}

TYPED_TEST(TaskStoreContract, RetryQueuesFailedAndCanceledTasksAfresh) {
  auto store = this->open();
  ASSERT_TRUE(store);
  auto& s = *store;
  ASSERT_TRUE(s.create("failed", sample_spec(), kT0));
  ASSERT_TRUE(s.create("done", sample_spec(), kT0 + 1));
  ASSERT_TRUE(s.create("running", sample_spec(), kT0 + 2));
  ASSERT_TRUE(s.create("canceled", sample_spec(), kT0 + 3));
  ASSERT_EQ((*s.claim("w", kT0 + 10, 1000))->id, "failed");
  ASSERT_TRUE(*s.fail("failed", "w", "not_found", "no such file", kT0 + 11, std::nullopt));
  ASSERT_EQ((*s.claim("w", kT0 + 12, 1000))->id, "done");
  ASSERT_TRUE(*s.complete("done", "w", {TaskOutput{.name = "1.jpg", .kind = "image"}}, kT0 + 13, std::nullopt));
  ASSERT_EQ((*s.claim("w", kT0 + 14, 100'000))->id, "running");
  ASSERT_TRUE(*s.cancel("canceled", kT0 + 15));

  EXPECT_FALSE(*s.retry("done", kT0 + 20));     // succeeded: nothing to retry
  EXPECT_FALSE(*s.retry("running", kT0 + 20));  // a worker holds it
  EXPECT_FALSE(*s.retry("nope", kT0 + 20));
  EXPECT_TRUE(*s.retry("failed", kT0 + 20));
  EXPECT_TRUE(*s.retry("canceled", kT0 + 21));
  EXPECT_FALSE(*s.retry("failed", kT0 + 22));  // queued now

  const TaskRecord failed = **s.get("failed");
  EXPECT_EQ(failed.status, TaskStatus::kQueued);
  EXPECT_EQ(failed.attempts, 0);
  EXPECT_EQ(failed.error_code, "");
  EXPECT_EQ(failed.error_message, "");
  EXPECT_EQ(failed.finished_ms, 0);
  EXPECT_EQ(failed.updated_ms, kT0 + 20);
  EXPECT_EQ((**s.get("done")).outputs.size(), 1u);
  // Both are claimed again, oldest first, as first attempts.
  auto again = *s.claim("w2", kT0 + 30, 1000);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->id, "failed");
  EXPECT_EQ(again->attempts, 1);
  EXPECT_EQ((*s.claim("w2", kT0 + 31, 1000))->id, "canceled");
}

TYPED_TEST(TaskStoreContract, CountsByStatusAndProbesWrites) {
  auto store = this->open();
  ASSERT_TRUE(store);
  auto& s = *store;
  EXPECT_TRUE(s.count_by_status()->empty());
  ASSERT_TRUE(s.create("a", sample_spec(), kT0));
  ASSERT_TRUE(s.create("b", sample_spec(), kT0 + 1));
  ASSERT_TRUE(s.create("c", sample_spec(), kT0 + 2));
  ASSERT_TRUE(s.cancel("c", kT0 + 3));
  ASSERT_TRUE(s.claim("w", kT0 + 4, 1000)->has_value());
  auto counts = *s.count_by_status();
  std::sort(counts.begin(), counts.end());
  EXPECT_EQ(counts, (std::vector<std::pair<TaskStatus, int64_t>>{
                        {TaskStatus::kQueued, 1}, {TaskStatus::kRunning, 1}, {TaskStatus::kCanceled, 1}}));
  EXPECT_TRUE(s.probe_write(kT0 + 5));
  EXPECT_TRUE(s.probe_write(kT0 + 6));  // the one row is updated
}

}  // namespace
}  // namespace tg::tasks
