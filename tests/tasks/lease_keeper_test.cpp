// The one heartbeat thread: every registered task's lease is extended on a monotonic timer, from a single
// thread, a lost lease cancels that task's job alone, and a step of the wall clock moves no heartbeat.

#include "tasks/lease_keeper.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "core/clock.hpp"

namespace tg::tasks {
namespace {

using namespace std::chrono_literals;

struct Beat {
  std::string task_id;
  std::string worker_id;
  int progress = 0;
  int64_t now_ms = 0;
  int64_t lease_ms = 0;
  std::thread::id thread;
};

// Records every heartbeat; answers "still ours" unless the task is listed as lost or failing.
class FakeHeartbeats {
 public:
  LeaseKeeper::Heartbeat fn() {
    return [this](const std::string& id, const std::string& worker_id, int progress, int64_t now_ms,
                  int64_t lease_ms) -> StoreResult<bool> {
      std::lock_guard lock(mutex_);
      beats_.push_back({id, worker_id, progress, now_ms, lease_ms, std::this_thread::get_id()});
      if (failing_.count(id)) return tg::unexpected(StoreError{"database is locked"});
      return lost_.count(id) == 0;
    };
  }
  void lose(const std::string& id) {
    std::lock_guard lock(mutex_);
    lost_.insert(id);
  }
  void fail(const std::string& id, bool on) {
    std::lock_guard lock(mutex_);
    if (on) {
      failing_.insert(id);
    } else {
      failing_.erase(id);
    }
  }
  std::vector<Beat> beats() const {
    std::lock_guard lock(mutex_);
    return beats_;
  }
  int count(const std::string& id) const {
    int n = 0;
    for (const Beat& beat : beats()) n += beat.task_id == id ? 1 : 0;
    return n;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<Beat> beats_;
  std::set<std::string> lost_;
  std::set<std::string> failing_;
};

constexpr int64_t kLease = 300;
constexpr int64_t kPeriod = 100;

TEST(LeaseKeeperTest, OneThreadKeepsTheLeasesOfEveryRunningTask) {
  ManualClock clock;
  FakeHeartbeats store;
  LeaseKeeper keeper(clock, {.lease_ms = kLease, .period_ms = kPeriod}, store.fn());
  keeper.start();
  std::atomic<bool> cancel_a{false}, cancel_b{false}, cancel_c{false};
  auto a = keeper.hold("a", "w-0", cancel_a);
  auto b = keeper.hold("b", "w-1", cancel_b);
  auto c = keeper.hold("c", "w-2", cancel_c);
  b->set_progress(40);
  EXPECT_EQ(keeper.holding(), 3u);
  for (int round = 1; round <= 3; ++round) {
    clock.advance_ms(kPeriod);
    keeper.wake();
    auto until = std::chrono::steady_clock::now() + 5s;
    while ((store.count("a") < round || store.count("b") < round || store.count("c") < round) &&
           std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(1ms);
    }
  }
  keeper.stop();
  EXPECT_EQ(store.count("a"), 3);
  EXPECT_EQ(store.count("b"), 3);
  EXPECT_EQ(store.count("c"), 3);
  std::set<std::thread::id> threads;
  for (const Beat& beat : store.beats()) {
    threads.insert(beat.thread);
    EXPECT_EQ(beat.lease_ms, kLease);
    if (beat.task_id == "b") {
      EXPECT_EQ(beat.worker_id, "w-1");
      EXPECT_EQ(beat.progress, 40);
    }
  }
  EXPECT_EQ(threads.size(), 1u);
  EXPECT_EQ(threads.count(std::this_thread::get_id()), 0u);
  EXPECT_FALSE(cancel_a || cancel_b || cancel_c);
}

TEST(LeaseKeeperTest, HeartbeatsFollowTheMonotonicClockAndStoreWallTime) {
  ManualClock clock(1'700'000'000'000);
  FakeHeartbeats store;
  LeaseKeeper keeper(clock, {.lease_ms = kLease, .period_ms = kPeriod}, store.fn());
  std::atomic<bool> cancel{false};
  auto held = keeper.hold("t", "w", cancel);
  EXPECT_EQ(keeper.beat_due(), 0);  // the claim has just set a whole lease

  // The wall clock steps an hour ahead, then two hours back: neither is time spent in this process.
  clock.set_ms(clock.now_ms() + 3'600'000);
  EXPECT_EQ(keeper.beat_due(), 0);
  clock.set_ms(clock.now_ms() - 7'200'000);
  EXPECT_EQ(keeper.beat_due(), 0);

  clock.advance_ms(kPeriod - 1);
  EXPECT_EQ(keeper.beat_due(), 0);
  clock.advance_ms(1);
  EXPECT_EQ(keeper.beat_due(), 1);
  ASSERT_EQ(store.beats().size(), 1u);
  // What goes to the table is the wall time, stepped or not: other processes compare it with theirs.
  EXPECT_EQ(store.beats()[0].now_ms, clock.now_ms());
  EXPECT_EQ(keeper.beat_due(), 0);
  clock.advance_ms(kPeriod);
  EXPECT_EQ(keeper.beat_due(), 1);
}

TEST(LeaseKeeperTest, ALostLeaseCancelsThatJobAlone) {
  ManualClock clock;
  FakeHeartbeats store;
  LeaseKeeper keeper(clock, {.lease_ms = kLease, .period_ms = kPeriod}, store.fn());
  std::atomic<bool> cancel_kept{false}, cancel_lost{false};
  auto kept = keeper.hold("kept", "w-0", cancel_kept);
  auto stolen = keeper.hold("stolen", "w-1", cancel_lost);
  store.lose("stolen");
  clock.advance_ms(kPeriod);
  EXPECT_EQ(keeper.beat_due(), 2);
  EXPECT_TRUE(cancel_lost.load());
  EXPECT_TRUE(stolen->lost());
  EXPECT_FALSE(cancel_kept.load());
  EXPECT_FALSE(kept->lost());
  // The lost task is beaten no more; the other one still is.
  clock.advance_ms(kPeriod);
  EXPECT_EQ(keeper.beat_due(), 1);
  EXPECT_EQ(store.count("stolen"), 1);
  EXPECT_EQ(store.count("kept"), 2);
}

TEST(LeaseKeeperTest, AStoreErrorIsReportedAndTheNextPeriodTriesAgain) {
  ManualClock clock;
  FakeHeartbeats store;
  std::vector<std::string> errors;
  LeaseKeeper keeper(clock, {.lease_ms = kLease, .period_ms = kPeriod}, store.fn(),
                     [&](const std::string& message) { errors.push_back(message); });
  std::atomic<bool> cancel{false};
  auto held = keeper.hold("t", "w", cancel);
  store.fail("t", true);
  clock.advance_ms(kPeriod);
  EXPECT_EQ(keeper.beat_due(), 1);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "database is locked");
  EXPECT_FALSE(cancel.load());  // the lease is still ours until it ends
  EXPECT_FALSE(held->lost());
  store.fail("t", false);
  clock.advance_ms(kPeriod);
  EXPECT_EQ(keeper.beat_due(), 1);
  EXPECT_EQ(store.count("t"), 2);
}

TEST(LeaseKeeperTest, AFinishedTaskIsBeatenNoMore) {
  ManualClock clock;
  FakeHeartbeats store;
  LeaseKeeper keeper(clock, {.lease_ms = kLease, .period_ms = kPeriod}, store.fn());
  std::atomic<bool> cancel{false};
  auto held = keeper.hold("t", "w", cancel);
  held.reset();
  EXPECT_EQ(keeper.holding(), 0u);
  clock.advance_ms(10 * kPeriod);
  EXPECT_EQ(keeper.beat_due(), 0);
  EXPECT_TRUE(store.beats().empty());
}

}  // namespace
}  // namespace tg::tasks
