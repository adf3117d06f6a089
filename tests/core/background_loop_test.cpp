// The background thread's rounds: first at once, then on wake(), at the round's deadline or at once when
// asked; a wake() during a round is kept; stop() ends any wait and joins.

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "core/background_loop.hpp"
#include "core/clock.hpp"

namespace tg {
namespace {

constexpr auto kPatience = std::chrono::seconds(10);  // bounds a wait that passes at once when all is well

// Counts the rounds the loop ran and lets the test wait for a count.
class Rounds {
 public:
  void ran() {
    {
      std::lock_guard lock(mutex_);
      ++count_;
    }
    cv_.notify_all();
  }
  bool reach(int n) {
    std::unique_lock lock(mutex_);
    return cv_.wait_for(lock, kPatience, [&] { return count_ >= n; });
  }
  int count() {
    std::lock_guard lock(mutex_);
    return count_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  int count_ = 0;
};

TEST(BackgroundLoop, FirstRoundRunsAtStartAndTheNextOnWake) {
  ManualClock clock;
  Rounds rounds;
  BackgroundLoop loop(clock, [&] {
    rounds.ran();
    return BackgroundLoop::kNoDeadline;
  });
  loop.start();
  ASSERT_TRUE(rounds.reach(1));
  loop.wake();
  ASSERT_TRUE(rounds.reach(2));
  loop.stop();
  EXPECT_EQ(rounds.count(), 2);
}

TEST(BackgroundLoop, WakeDuringARoundRunsAnotherRound) {
  ManualClock clock;
  Rounds rounds;
  std::mutex gate_mutex;
  std::condition_variable gate_cv;
  bool entered = false;
  bool open = false;
  BackgroundLoop loop(clock, [&] {
    std::unique_lock gate(gate_mutex);
    if (!entered) {
      entered = true;
      gate_cv.notify_all();
      gate_cv.wait(gate, [&] { return open; });
    }
    gate.unlock();
    rounds.ran();
    return BackgroundLoop::kNoDeadline;
  });
  loop.start();
  {
    std::unique_lock gate(gate_mutex);
    ASSERT_TRUE(gate_cv.wait_for(gate, kPatience, [&] { return entered; }));
  }
  loop.wake();  // while the first round runs
  {
    std::lock_guard gate(gate_mutex);
    open = true;
  }
  gate_cv.notify_all();
  EXPECT_TRUE(rounds.reach(2));
  loop.stop();
}

TEST(BackgroundLoop, RoundAskingForNowRunsAgainWithoutWake) {
  ManualClock clock;
  Rounds rounds;
  int calls = 0;  // only the loop's thread touches it
  BackgroundLoop loop(clock, [&] {
    rounds.ran();
    return ++calls < 3 ? BackgroundLoop::kNow : BackgroundLoop::kNoDeadline;
  });
  loop.start();
  EXPECT_TRUE(rounds.reach(3));
  loop.stop();
  EXPECT_EQ(rounds.count(), 3);
}

TEST(BackgroundLoop, RoundRunsAgainAtItsDeadline) {
  SystemClock clock;
  Rounds rounds;
  BackgroundLoop loop(clock, [&] {
    rounds.ran();
    return clock.monotonic_ms() + 5;
  });
  loop.start();
  EXPECT_TRUE(rounds.reach(3));  // no wake(): only the deadlines run rounds 2 and 3
  loop.stop();
}

TEST(BackgroundLoop, StopEndsAWaitForAFarDeadlineAndRaisesStopping) {
  ManualClock clock;  // never moves: the deadline would never come
  Rounds rounds;
  BackgroundLoop loop(clock, [&] {
    rounds.ran();
    return clock.monotonic_ms() + 3'600'000;
  });
  EXPECT_FALSE(loop.stopping());
  loop.stop();  // not started: nothing to do
  EXPECT_FALSE(loop.stopping());
  loop.start();
  loop.start();  // a second start while it runs starts nothing
  ASSERT_TRUE(rounds.reach(1));
  loop.stop();
  EXPECT_TRUE(loop.stopping());
  EXPECT_EQ(rounds.count(), 1);
  loop.stop();  // idempotent
}

TEST(BackgroundLoop, RestartsAfterStop) {
  ManualClock clock;
  Rounds rounds;
  BackgroundLoop loop(clock, [&] {
    rounds.ran();
    return BackgroundLoop::kNoDeadline;
  });
  loop.start();
  ASSERT_TRUE(rounds.reach(1));
  loop.stop();
  loop.start();
  EXPECT_FALSE(loop.stopping());
  EXPECT_TRUE(rounds.reach(2));
  loop.stop();
}

}  // namespace
}  // namespace tg
