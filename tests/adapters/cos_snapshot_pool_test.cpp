// The bounded snapshot pool: jobs run off the caller's thread, the in-flight bound refuses at once.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "adapters/tencent_ci/snapshot_pool.hpp"

namespace tg::adapters::tencent_ci {
namespace {

// A gate the test opens to let blocked jobs finish.
struct Gate {
  std::mutex m;
  std::condition_variable cv;
  bool open = false;
  void wait() {
    std::unique_lock lock(m);
    cv.wait(lock, [this] { return open; });
  }
  void release() {
    {
      std::lock_guard lock(m);
      open = true;
    }
    cv.notify_all();
  }
};

TEST(CosSnapshotPoolTest, RunsJobsOnPoolThreads) {
  SnapshotPool pool(2, 4);
  std::promise<std::thread::id> ran;
  ASSERT_TRUE(pool.try_submit([&] { ran.set_value(std::this_thread::get_id()); }));
  auto id = ran.get_future().get();
  EXPECT_NE(id, std::this_thread::get_id());
}

TEST(CosSnapshotPoolTest, RefusesBeyondMaxInflightCountingQueuedAndRunning) {
  Gate gate;
  std::atomic<int> done{0};
  SnapshotPool pool(1, 3);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(pool.try_submit([&] {
      gate.wait();
      ++done;
    }));
  }
  EXPECT_EQ(pool.inflight(), 3u);
  EXPECT_FALSE(pool.try_submit([&] { ++done; }));  // one running + two queued = full
  gate.release();
  for (int i = 0; i < 500 && pool.inflight() > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(pool.inflight(), 0u);
  EXPECT_EQ(done.load(), 3);
  EXPECT_TRUE(pool.try_submit([&] { ++done; }));  // room again
}

TEST(CosSnapshotPoolTest, StopFinishesAcceptedJobsThenRefuses) {
  std::atomic<int> done{0};
  SnapshotPool pool(2, 10);
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(pool.try_submit([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      ++done;
    }));
  }
  pool.stop();
  EXPECT_EQ(done.load(), 6);
  EXPECT_FALSE(pool.try_submit([&] { ++done; }));
  pool.stop();  // idempotent
}

TEST(CosSnapshotPoolTest, BoundsAreAtLeastOne) {
  SnapshotPool pool(0, 0);
  EXPECT_EQ(pool.max_inflight(), 1);
  std::promise<void> ran;
  ASSERT_TRUE(pool.try_submit([&] { ran.set_value(); }));
  EXPECT_EQ(ran.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
}

TEST(CosSnapshotPoolTest, RemoteJobsLeaveAThreadAndInflightRoomForLocalOnes) {
  Gate origin;  // remote jobs wait on a slow origin
  SnapshotPool pool(2, 8);  // remote: 1 running, 6 in flight
  struct OpenAtExit {
    Gate& gate;
    ~OpenAtExit() { gate.release(); }  // before the pool joins its threads, however the test ends
  } open_at_exit{origin};
  std::atomic<int> remote_started{0};
  int accepted = 0;
  for (int i = 0; i < 10; ++i) {
    if (pool.try_submit([&] {
          ++remote_started;
          origin.wait();
        }, true)) {
      ++accepted;
    }
  }
  EXPECT_EQ(accepted, 6);
  std::promise<void> local_ran;
  ASSERT_TRUE(pool.try_submit([&] { local_ran.set_value(); }));
  EXPECT_EQ(local_ran.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready)
      << "a local job waited behind remote ones";
  EXPECT_EQ(remote_started.load(), 1);
  origin.release();
  pool.stop();
  EXPECT_EQ(remote_started.load(), 6);
}

}  // namespace
}  // namespace tg::adapters::tencent_ci
