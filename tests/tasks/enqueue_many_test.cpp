// TaskStore::enqueue_many on every store (tests/tasks/store_backends.hpp): one transaction for a batch, with
// the same answers as enqueue() one by one on SQLite (the queue and an app's share filling up in the middle
// of a batch, and limits counted after requests of the batch that had none).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store_backends.hpp"

namespace tg::tasks {
namespace {

using testing::fresh_dir;
using testing::open_store;
using testing::sample_spec;

constexpr int64_t kT0 = 1'700'000'000'000;

template <class Backend>
class EnqueueMany : public testing::StoreTest<Backend> {};
TYPED_TEST_SUITE(EnqueueMany, testing::StoreBackends, testing::StoreBackendNames);

std::vector<EnqueueRequest> mixed_batch(const QueueLimits& limits) {
  // Apps a, b and c interleaved, a with more tasks than its share.
  const std::vector<std::string> apps = {"a", "b", "a", "a", "c", "a", "b", "a", "c", "b", "a", "c"};
  std::vector<EnqueueRequest> batch;
  for (std::size_t i = 0; i < apps.size(); ++i) {
    batch.push_back({.id = "t" + std::to_string(i), .spec = sample_spec(apps[i]), .limits = limits});
  }
  return batch;
}

// The answers of enqueue() called once per request, on a SQLite store that already holds `before` tasks of
// app a.
std::vector<Enqueued> one_by_one(const std::vector<EnqueueRequest>& batch, int before) {
  auto store = open_store(fresh_dir("one-by-one"));  // a database of its own, beside the test's store
  EXPECT_TRUE(store);
  std::vector<Enqueued> answers;
  if (!store) return answers;
  for (int i = 0; i < before; ++i) EXPECT_TRUE(store->create("old" + std::to_string(i), sample_spec("a"), kT0));
  for (const EnqueueRequest& request : batch) {
    auto one = store->enqueue(request.id, request.spec, kT0 + 1, request.limits);
    EXPECT_TRUE(one) << one.error().message;
    if (one) answers.push_back(*one);
  }
  return answers;
}

void expect_same_answers(const std::vector<Enqueued>& got, const std::vector<Enqueued>& want,
                         const std::vector<EnqueueRequest>& batch) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    SCOPED_TRACE("request " + std::to_string(i));
    EXPECT_EQ(got[i].outcome, want[i].outcome);
    EXPECT_EQ(got[i].queued, want[i].queued);
    if (got[i].outcome == Enqueued::Outcome::kQueued) {
      EXPECT_EQ(got[i].record.id, batch[i].id);
      EXPECT_EQ(got[i].record.spec.app_id, batch[i].spec.app_id);
      EXPECT_EQ(got[i].record.created_ms, kT0 + 1);
    }
  }
}

TYPED_TEST(EnqueueMany, SameAnswersAsOneByOneWhenAnAppShareFillsMidBatch) {
  const auto batch = mixed_batch({.max_queued = 100, .max_queued_per_app = 3});
  auto store = this->open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->create("old0", sample_spec("a"), kT0));
  auto answers = store->enqueue_many(batch, kT0 + 1);
  ASSERT_TRUE(answers) << answers.error().message;
  const auto want = one_by_one(batch, 1);
  expect_same_answers(*answers, want, batch);
  // a had 1 and may have 3: two of its six are queued, then its share is full (count 3).
  int refused_a = 0;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if ((*answers)[i].outcome == Enqueued::Outcome::kAppShareFull) {
      EXPECT_EQ(batch[i].spec.app_id, "a");
      EXPECT_EQ((*answers)[i].queued, 3);
      ++refused_a;
    }
  }
  EXPECT_EQ(refused_a, 4);
  EXPECT_EQ(*store->count_queued("zego", "a"), 3);
  EXPECT_EQ(*store->count_queued("zego", "b"), 3);
  EXPECT_EQ(*store->count_queued("zego", "c"), 3);
}

TYPED_TEST(EnqueueMany, SameAnswersAsOneByOneWhenTheQueueFillsMidBatch) {
  const auto batch = mixed_batch({.max_queued = 7, .max_queued_per_app = 3});
  auto store = this->open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->create("old0", sample_spec("a"), kT0));
  auto answers = store->enqueue_many(batch, kT0 + 1);
  ASSERT_TRUE(answers) << answers.error().message;
  expect_same_answers(*answers, one_by_one(batch, 1), batch);
  int full = 0;
  for (const Enqueued& answer : *answers) {
    if (answer.outcome == Enqueued::Outcome::kQueueFull) {
      EXPECT_EQ(answer.queued, 7);
      ++full;
    }
  }
  EXPECT_GT(full, 0);
  EXPECT_EQ(*store->count_queued(), 7);
}

TYPED_TEST(EnqueueMany, RequestsWithoutLimitsAreAllStored) {
  auto batch = mixed_batch({});
  auto store = this->open();
  ASSERT_TRUE(store);
  auto answers = store->enqueue_many(batch, kT0);
  ASSERT_TRUE(answers) << answers.error().message;
  ASSERT_EQ(answers->size(), batch.size());
  for (const EnqueueRequest& request : batch) {
    auto found = store->get(request.id);
    ASSERT_TRUE(found && found->has_value()) << request.id;
    EXPECT_EQ((*found)->status, TaskStatus::kQueued);
  }
  EXPECT_EQ(*store->count_queued(), static_cast<int64_t>(batch.size()));
}

TYPED_TEST(EnqueueMany, AnErrorStoresNoneOfTheBatch) {
  auto store = this->open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->create("taken", sample_spec("a"), kT0));
  std::vector<EnqueueRequest> batch = {{.id = "first", .spec = sample_spec("a"), .limits = {}},
                                       {.id = "taken", .spec = sample_spec("b"), .limits = {}},
                                       {.id = "last", .spec = sample_spec("c"), .limits = {}}};
  EXPECT_FALSE(store->enqueue_many(batch, kT0 + 1));
  EXPECT_FALSE(store->get("first")->has_value());
  EXPECT_FALSE(store->get("last")->has_value());
  batch[1].id = "";
  EXPECT_FALSE(store->enqueue_many(batch, kT0 + 1));
  EXPECT_EQ(*store->count_queued(), 1);
  // The store is usable afterwards: the transaction was rolled back.
  batch[1].id = "second";
  auto answers = store->enqueue_many(batch, kT0 + 2);
  ASSERT_TRUE(answers) << answers.error().message;
  EXPECT_EQ(*store->count_queued(), 4);
}

TYPED_TEST(EnqueueMany, LimitsCountRequestsOfTheBatchThatHadNone) {
  auto store = this->open();
  ASSERT_TRUE(store);
  const std::vector<EnqueueRequest> batch = {
      {.id = "free1", .spec = sample_spec("a"), .limits = {}},
      {.id = "free2", .spec = sample_spec("b"), .limits = {}},
      {.id = "share", .spec = sample_spec("a"), .limits = {.max_queued_per_app = 1}},
      {.id = "queue", .spec = sample_spec("c"), .limits = {.max_queued = 2}},
      {.id = "fits", .spec = sample_spec("c"), .limits = {.max_queued = 3, .max_queued_per_app = 1}}};
  auto answers = store->enqueue_many(batch, kT0 + 1);
  ASSERT_TRUE(answers) << answers.error().message;
  expect_same_answers(*answers, one_by_one(batch, 0), batch);
  EXPECT_EQ((*answers)[2].outcome, Enqueued::Outcome::kAppShareFull);
  EXPECT_EQ((*answers)[2].queued, 1);
  EXPECT_EQ((*answers)[3].outcome, Enqueued::Outcome::kQueueFull);
  EXPECT_EQ((*answers)[3].queued, 2);
  EXPECT_EQ((*answers)[4].outcome, Enqueued::Outcome::kQueued);
  EXPECT_EQ(*store->count_queued(), 3);
}

TYPED_TEST(EnqueueMany, AnEmptyBatchAnswersNothing) {
  auto store = this->open();
  ASSERT_TRUE(store);
  auto answers = store->enqueue_many({}, kT0);
  ASSERT_TRUE(answers);
  EXPECT_TRUE(answers->empty());
}

TYPED_TEST(EnqueueMany, UnsyncedAnswersAsEnqueueManyAndIsReadAtOnceThenMadeDurable) {
  const auto batch = mixed_batch({.max_queued = 100, .max_queued_per_app = 3});
  auto store = this->open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->create("old0", sample_spec("a"), kT0));
  auto answers = store->enqueue_many_unsynced(batch, kT0 + 1);
  ASSERT_TRUE(answers) << answers.error().message;
  expect_same_answers(*answers, one_by_one(batch, 1), batch);
  for (std::size_t i = 0; i < batch.size(); ++i) {
    auto found = store->get(batch[i].id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->has_value(), (*answers)[i].outcome == Enqueued::Outcome::kQueued) << batch[i].id;
  }
  auto durable = store->make_durable();
  EXPECT_TRUE(durable) << durable.error().message;
  // A second call, with nothing written since, succeeds as well.
  EXPECT_TRUE(store->make_durable());
  EXPECT_EQ(*store->count_queued(), 9);
}

}  // namespace
}  // namespace tg::tasks
