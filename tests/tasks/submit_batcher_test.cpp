// SubmitBatcher: concurrent submissions stored with shared commits, each caller answered with its own
// task, a commit's error given to every caller of its batch, and no caller left blocked at stop().

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "forwarding_task_store.hpp"
#include "task_test_support.hpp"
#include "tasks/submit_batcher.hpp"

namespace tg::tasks {
namespace {

using testing::fresh_dir;
using testing::open_store;
using testing::sample_spec;

constexpr int64_t kT0 = 1'700'000'000'000;

// Lets calls through one at a time as the test opens it, counts the calls that came, and makes the ones the
// test asks for fail.
class Gate {
 public:
  // Waits until the test lets this call through; true when the call is to fail.
  bool pass() {
    std::unique_lock lock(mutex_);
    ++entered_;
    changed_.notify_all();
    changed_.wait(lock, [this] { return open_ > 0; });
    --open_;
    const bool fail = fail_next_;
    fail_next_ = false;
    return fail;
  }
  // Lets `n` more calls through.
  void open(int n) {
    std::lock_guard lock(mutex_);
    open_ += n;
    changed_.notify_all();
  }
  void fail_next() {
    std::lock_guard lock(mutex_);
    fail_next_ = true;
  }
  // Waits until `n` calls have come in all.
  void wait_entered(int n) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return entered_ >= n; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int entered_ = 0;
  int open_ = 0;
  bool fail_next_ = false;
};

// Holds every enqueue_many_unsynced call at a gate the test opens, records the batch sizes, and fails the
// batches the test asks to fail.
class GatedStore final : public testing::ForwardingTaskStore {
 public:
  using ForwardingTaskStore::ForwardingTaskStore;

  StoreResult<std::vector<Enqueued>> enqueue_many_unsynced(const std::vector<EnqueueRequest>& requests,
                                                           int64_t now_ms) override {
    const bool fail = gate_.pass();
    {
      std::lock_guard lock(mutex_);
      sizes_.push_back(requests.size());
    }
    if (fail) return tg::unexpected(StoreError{"disk I/O error"});
    return inner_.enqueue_many_unsynced(requests, now_ms);
  }

  void open(int n) { gate_.open(n); }
  void fail_next() { gate_.fail_next(); }
  // Waits until the writer has entered enqueue_many_unsynced `n` times in all.
  void wait_entered(int n) { gate_.wait_entered(n); }
  std::vector<std::size_t> sizes() {
    std::lock_guard lock(mutex_);
    return sizes_;
  }

 private:
  Gate gate_;
  std::mutex mutex_;
  std::vector<std::size_t> sizes_;
};

// Spins (yielding) until `n` calls wait in the batcher: they are queued behind the batch in flight.
void wait_waiting(const SubmitBatcher& batcher, std::size_t n) {
  while (batcher.waiting() < n) std::this_thread::yield();
}

TEST(SubmitBatcher, ALoneCallCommitsWithoutASecondCaller) {
  auto store = open_store(fresh_dir());
  ASSERT_TRUE(store);
  SubmitBatcher batcher(*store);
  auto answer = batcher.enqueue("only", sample_spec(), kT0, {.max_queued = 10, .max_queued_per_app = 5});
  ASSERT_TRUE(answer) << answer.error().message;
  EXPECT_EQ(answer->outcome, Enqueued::Outcome::kQueued);
  EXPECT_EQ(answer->record.id, "only");
  // Returned, so committed: visible to the store, in a batch of one.
  auto found = store->get("only");
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->status, TaskStatus::kQueued);
  EXPECT_EQ(batcher.stats().batches, 1u);
  EXPECT_EQ(batcher.stats().requests, 1u);
}

TEST(SubmitBatcher, ManyThreadsAreStoredExactlyOnceEachWithItsOwnAnswer) {
  auto store = open_store(fresh_dir());
  ASSERT_TRUE(store);
  SubmitBatcher batcher(*store);
  constexpr int kThreads = 64;
  constexpr int kEach = 50;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        const std::string id = "t" + std::to_string(t) + "-" + std::to_string(i);
        TaskSpec spec = sample_spec("app-" + std::to_string(t % 7));
        spec.source_id = id;  // each answer must carry the caller's own spec
        auto answer = batcher.enqueue(id, spec, kT0 + i, {});
        if (!answer || answer->outcome != Enqueued::Outcome::kQueued || answer->record.id != id ||
            answer->record.spec.source_id != id || answer->record.created_ms < kT0 + i) {
          ++wrong;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
  auto all = store->count_queued();
  ASSERT_TRUE(all);
  EXPECT_EQ(*all, kThreads * kEach);
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kEach; i += 7) {
      const std::string id = "t" + std::to_string(t) + "-" + std::to_string(i);
      auto found = store->get(id);
      ASSERT_TRUE(found && found->has_value()) << id;
      EXPECT_EQ((*found)->spec.source_id, id);
    }
  }
  const auto stats = batcher.stats();
  EXPECT_EQ(stats.requests, static_cast<uint64_t>(kThreads * kEach));
  EXPECT_LE(stats.batches, stats.requests);
}

TEST(SubmitBatcher, CallsArrivingDuringACommitShareTheNextOne) {
  auto inner = open_store(fresh_dir());
  ASSERT_TRUE(inner);
  GatedStore store(*inner);
  SubmitBatcher batcher(store);
  std::vector<std::thread> threads;
  std::atomic<int> queued{0};
  auto submit = [&](const std::string& id) {
    auto answer = batcher.enqueue(id, sample_spec(), kT0, {});
    if (answer && answer->outcome == Enqueued::Outcome::kQueued && answer->record.id == id) ++queued;
  };
  threads.emplace_back(submit, "first");
  store.wait_entered(1);  // "first" is in flight, held at the gate
  for (int i = 0; i < 10; ++i) threads.emplace_back(submit, "next" + std::to_string(i));
  wait_waiting(batcher, 10);
  store.open(2);
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(queued.load(), 11);
  EXPECT_EQ(store.sizes(), (std::vector<std::size_t>{1, 10}));
}

TEST(SubmitBatcher, ABatchBoundIsKept) {
  auto inner = open_store(fresh_dir());
  ASSERT_TRUE(inner);
  GatedStore store(*inner);
  SubmitBatcher batcher(store, 4);
  std::vector<std::thread> threads;
  threads.emplace_back([&] { (void)batcher.enqueue("first", sample_spec(), kT0, {}); });
  store.wait_entered(1);
  for (int i = 0; i < 10; ++i) {
    threads.emplace_back([&, i] { (void)batcher.enqueue("n" + std::to_string(i), sample_spec(), kT0, {}); });
  }
  wait_waiting(batcher, 10);
  store.open(100);
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(store.sizes(), (std::vector<std::size_t>{1, 4, 4, 2}));
  EXPECT_EQ(*inner->count_queued(), 11);
}

TEST(SubmitBatcher, AStoreErrorReachesEveryCallerOfTheBatchOnly) {
  auto inner = open_store(fresh_dir());
  ASSERT_TRUE(inner);
  GatedStore store(*inner);
  SubmitBatcher batcher(store);
  std::mutex mutex;
  std::set<std::string> failed;
  std::set<std::string> queued;
  auto submit = [&](const std::string& id) {
    auto answer = batcher.enqueue(id, sample_spec(), kT0, {});
    std::lock_guard lock(mutex);
    if (!answer) {
      EXPECT_EQ(answer.error().message, "disk I/O error");
      failed.insert(id);
    } else if (answer->outcome == Enqueued::Outcome::kQueued) {
      queued.insert(id);
    }
  };
  std::vector<std::thread> threads;
  threads.emplace_back(submit, "first");
  store.wait_entered(1);
  for (int i = 0; i < 8; ++i) threads.emplace_back(submit, "doomed" + std::to_string(i));
  wait_waiting(batcher, 8);
  store.open(1);          // "first" commits
  store.wait_entered(2);  // the eight are in flight
  store.fail_next();
  store.open(1);
  for (std::size_t i = 1; i < threads.size(); ++i) threads[i].join();
  threads[0].join();
  EXPECT_EQ(queued, (std::set<std::string>{"first"}));
  EXPECT_EQ(failed.size(), 8u);
  EXPECT_EQ(*inner->count_queued(), 1);
  // The batcher goes on after a failed batch.
  store.open(1);
  auto after = batcher.enqueue("after", sample_spec(), kT0, {});
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ(after->outcome, Enqueued::Outcome::kQueued);
}

TEST(SubmitBatcher, StopAnswersTheWaitingCallersAndRefusesLaterOnes) {
  auto inner = open_store(fresh_dir());
  ASSERT_TRUE(inner);
  GatedStore store(*inner);
  SubmitBatcher batcher(store);
  std::atomic<int> queued{0};
  std::atomic<int> refused{0};
  auto submit = [&](const std::string& id) {
    auto answer = batcher.enqueue(id, sample_spec(), kT0, {});
    if (answer && answer->outcome == Enqueued::Outcome::kQueued) {
      ++queued;
    } else if (!answer) {
      ++refused;
    }
  };
  std::vector<std::thread> threads;
  threads.emplace_back(submit, "in-flight");
  store.wait_entered(1);
  for (int i = 0; i < 5; ++i) threads.emplace_back(submit, "waiting" + std::to_string(i));
  wait_waiting(batcher, 5);
  std::thread stopper([&] { batcher.stop(); });
  while (!batcher.stopping()) std::this_thread::yield();
  store.open(1);  // the batch in flight still commits
  stopper.join();
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(queued.load(), 1);
  EXPECT_EQ(refused.load(), 5);
  EXPECT_TRUE(inner->get("in-flight")->has_value());
  EXPECT_FALSE(inner->get("waiting0")->has_value());
  auto late = batcher.enqueue("late", sample_spec(), kT0, {});
  ASSERT_FALSE(late);
  EXPECT_NE(late.error().message.find("shutting down"), std::string::npos);
  EXPECT_FALSE(inner->get("late")->has_value());
}

TEST(SubmitBatcher, AnswersWithoutBlockingOnceTheBatchHasCommitted) {
  auto inner = open_store(fresh_dir());
  ASSERT_TRUE(inner);
  GatedStore store(*inner);
  SubmitBatcher batcher(store);
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::string> answered;
  std::vector<bool> stored_when_answered;
  auto answer_of = [&](const std::string& id) {
    return [&, id](StoreResult<Enqueued> outcome) {
      const bool stored = inner->get(id)->has_value();
      std::lock_guard lock(mutex);
      answered.push_back(outcome && outcome->outcome == Enqueued::Outcome::kQueued ? outcome->record.id : "error");
      stored_when_answered.push_back(stored);
      changed.notify_all();
    };
  };
  // Returns while its batch is held at the gate: nothing is answered before the commit.
  batcher.enqueue_then("a1", sample_spec(), kT0, {}, answer_of("a1"));
  store.wait_entered(1);
  batcher.enqueue_then("a2", sample_spec(), kT0, {}, answer_of("a2"));
  wait_waiting(batcher, 1);
  {
    std::lock_guard lock(mutex);
    EXPECT_TRUE(answered.empty());
  }
  store.open(2);
  {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return answered.size() == 2; });
  }
  EXPECT_EQ(answered, (std::vector<std::string>{"a1", "a2"}));
  EXPECT_EQ(stored_when_answered, (std::vector<bool>{true, true}));
  // After stop() the answer comes at once, on the calling thread, and nothing is stored.
  batcher.stop();
  batcher.enqueue_then("late", sample_spec(), kT0, {}, answer_of("late"));
  std::lock_guard lock(mutex);
  ASSERT_EQ(answered.size(), 3u);
  EXPECT_EQ(answered.back(), "error");
  EXPECT_FALSE(stored_when_answered.back());
}

TEST(SubmitBatcher, RefusalsAreAnsweredPerCaller) {
  auto store = open_store(fresh_dir());
  ASSERT_TRUE(store);
  SubmitBatcher batcher(*store);
  const QueueLimits limits{.max_queued = 100, .max_queued_per_app = 2};
  std::atomic<int> queued{0};
  std::atomic<int> share_full{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 12; ++i) {
    threads.emplace_back([&, i] {
      auto answer = batcher.enqueue("s" + std::to_string(i), sample_spec("busy"), kT0, limits);
      ASSERT_TRUE(answer) << answer.error().message;
      if (answer->outcome == Enqueued::Outcome::kQueued) ++queued;
      if (answer->outcome == Enqueued::Outcome::kAppShareFull) {
        EXPECT_EQ(answer->queued, 2);
        ++share_full;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(queued.load(), 2);
  EXPECT_EQ(share_full.load(), 10);
  EXPECT_EQ(*store->count_queued("zego", "busy"), 2);
}

}  // namespace
}  // namespace tg::tasks

namespace tg::tasks {
namespace {

TEST(SubmitBatcher, TheNextBatchIsWrittenWhileTheLastOneIsAnswered) {
  auto store = open_store(fresh_dir());
  ASSERT_TRUE(store);
  SubmitBatcher batcher(*store);
  std::mutex mutex;
  std::condition_variable changed;
  bool release_first = false;
  std::vector<std::string> answered;
  // The first caller's answer holds the answer thread until the second batch has committed.
  batcher.enqueue_then("first", sample_spec(), kT0, {}, [&](StoreResult<Enqueued> result) {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return release_first; });
    answered.push_back(result ? result->record.id : "error");
    changed.notify_all();
  });
  batcher.enqueue_then("second", sample_spec(), kT0, {}, [&](StoreResult<Enqueued> result) {
    std::lock_guard lock(mutex);
    answered.push_back(result ? result->record.id : "error");
    changed.notify_all();
  });
  // Both are stored although the first answer has not returned (a writer that answered its own batches
  // would never store the second: the bound only keeps that failure from hanging the suite).
  bool second_stored = false;
  for (int i = 0; i < 30'000 && !second_stored; ++i) {
    auto second = store->get("second");
    ASSERT_TRUE(second);
    second_stored = second->has_value();
    if (!second_stored) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  {
    std::unique_lock lock(mutex);
    EXPECT_TRUE(second_stored);
    EXPECT_TRUE(answered.empty());
    release_first = true;
    changed.notify_all();
    changed.wait(lock, [&] { return answered.size() == 2; });
  }
  EXPECT_EQ(answered, (std::vector<std::string>{"first", "second"}));  // answered in the order of the calls
}

TEST(SubmitBatcher, AnAnswerMayStopTheBatcher) {
  auto store = open_store(fresh_dir());
  ASSERT_TRUE(store);
  SubmitBatcher batcher(*store);
  std::atomic<bool> answered{false};
  batcher.enqueue_then("only", sample_spec(), kT0, {}, [&](StoreResult<Enqueued> result) {
    EXPECT_TRUE(result);
    batcher.stop();
    answered = true;
  });
  while (!answered) std::this_thread::yield();
  EXPECT_TRUE(batcher.stopping());
  auto late = batcher.enqueue("late", sample_spec(), kT0, {});
  EXPECT_FALSE(late);
  batcher.stop();  // the owner's stop() joins both threads
}

// Holds every make_durable call at a gate the test opens, and fails the syncs the test asks to fail.
class SyncGatedStore final : public testing::ForwardingTaskStore {
 public:
  using ForwardingTaskStore::ForwardingTaskStore;

  StoreResult<Ok> make_durable() override {
    if (gate_.pass()) return tg::unexpected(StoreError{"cannot sync the task log: Input/output error"});
    return inner_.make_durable();
  }

  void open(int n) { gate_.open(n); }
  void fail_next() { gate_.fail_next(); }
  void wait_entered(int n) { gate_.wait_entered(n); }

 private:
  Gate gate_;
};

// Collects answers ("id" when queued, else the error) in the order they come.
struct Answers {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::string> got;

  Enqueuer::Answer of() {
    return [this](StoreResult<Enqueued> outcome) {
      std::lock_guard lock(mutex);
      got.push_back(outcome ? outcome->record.id : outcome.error().message);
      changed.notify_all();
    };
  }
  std::vector<std::string> wait_for(std::size_t n) {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return got.size() >= n; });
    return got;
  }
  std::size_t size() {
    std::lock_guard lock(mutex);
    return got.size();
  }
};

// Spins (sleeping) until `id` is stored; false after about 30 s.
bool wait_stored(TaskStore& store, const std::string& id) {
  for (int i = 0; i < 30'000; ++i) {
    auto found = store.get(id);
    if (found && found->has_value()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return false;
}

TEST(SubmitBatcher, NoCallerIsAnsweredBeforeTheDiskHasItsTaskWhileLaterBatchesAreWritten) {
  auto inner = open_store(fresh_dir());
  ASSERT_TRUE(inner);
  SyncGatedStore store(*inner);
  SubmitBatcher batcher(store);
  Answers answers;
  batcher.enqueue_then("a1", sample_spec(), kT0, {}, answers.of());
  store.wait_entered(1);  // a1 is committed and its sync is held
  EXPECT_TRUE(inner->get("a1")->has_value());
  // The writer goes on: two more batches are committed while the first one waits for the disk.
  batcher.enqueue_then("a2", sample_spec(), kT0, {}, answers.of());
  ASSERT_TRUE(wait_stored(*inner, "a2"));
  batcher.enqueue_then("a3", sample_spec(), kT0, {}, answers.of());
  ASSERT_TRUE(wait_stored(*inner, "a3"));
  EXPECT_EQ(answers.size(), 0u);  // nobody has heard of a task the disk may not have
  store.open(1);
  EXPECT_EQ(answers.wait_for(1), (std::vector<std::string>{"a1"}));
  // a2's and a3's batches wait for one sync together.
  store.wait_entered(2);
  EXPECT_EQ(answers.size(), 1u);
  store.open(1);
  EXPECT_EQ(answers.wait_for(3), (std::vector<std::string>{"a1", "a2", "a3"}));
  batcher.stop();
  EXPECT_EQ(batcher.stats().batches, 3u);
  EXPECT_EQ(batcher.stats().syncs, 2u);
}

TEST(SubmitBatcher, ASyncThatFailsIsAnErrorForEveryCallerItCovered) {
  auto inner = open_store(fresh_dir());
  ASSERT_TRUE(inner);
  SyncGatedStore store(*inner);
  SubmitBatcher batcher(store);
  Answers answers;
  store.fail_next();
  batcher.enqueue_then("b1", sample_spec(), kT0, {}, answers.of());
  store.wait_entered(1);
  batcher.enqueue_then("b2", sample_spec(), kT0, {}, answers.of());
  ASSERT_TRUE(wait_stored(*inner, "b2"));
  store.open(1);  // b1's sync fails
  auto got = answers.wait_for(1);
  EXPECT_NE(got[0].find("cannot sync the task log"), std::string::npos) << got[0];
  store.open(1);  // b2's succeeds
  got = answers.wait_for(2);
  EXPECT_EQ(got[1], "b2");
  batcher.stop();
}

}  // namespace
}  // namespace tg::tasks
