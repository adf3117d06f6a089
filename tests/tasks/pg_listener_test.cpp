// PgListener: woken by another store's changes to its own schema only, back after its connection is
// lost, and stopped without waiting out its poll. Skipped without a server (tests/tasks/store_backends.hpp).

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "store_backends.hpp"
#include "tasks/postgres/pg_listener.hpp"

namespace tg::tasks {
namespace {

using testing::sample_spec;

constexpr int64_t kT0 = 1'700'000'000'000;
// A bound on waits for a wake-up, so that a broken listener fails the test instead of hanging it.
constexpr auto kPatience = std::chrono::seconds(30);

// Counts the wake-ups of each kind.
class Wakes {
 public:
  void task() { bump(tasks_); }
  void callback() { bump(callbacks_); }
  void media() { bump(media_); }
  // Waits until tasks() >= n (false when patience runs out).
  bool wait_tasks(int n) { return wait([&] { return tasks_ >= n; }); }
  bool wait_callbacks(int n) { return wait([&] { return callbacks_ >= n; }); }
  bool wait_media(int n) { return wait([&] { return media_ >= n; }); }
  int tasks() {
    std::lock_guard lock(mutex_);
    return tasks_;
  }
  int callbacks() {
    std::lock_guard lock(mutex_);
    return callbacks_;
  }
  int media_changes() {
    std::lock_guard lock(mutex_);
    return media_;
  }

 private:
  void bump(int& counter) {
    {
      std::lock_guard lock(mutex_);
      ++counter;
    }
    changed_.notify_all();
  }
  template <class Pred>
  bool wait(Pred done) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kPatience, done);
  }
  std::mutex mutex_;
  std::condition_variable changed_;
  int tasks_ = 0;
  int callbacks_ = 0;
  int media_ = 0;
};

std::unique_ptr<PgTaskStore> open_at(const std::string& url) {
  auto store = PgTaskStore::open(url, {});
  if (!store) {
    ADD_FAILURE() << store.error().message;
    return nullptr;
  }
  return std::move(*store);
}

// Ends the listener's session from outside (it is the one of the schema's connections that waits in LISTEN).
void kill_listener_session(const testing::PostgresTestSchema& schema) {
  auto admin = PgConnection::connect(schema.base_url(), 10);
  ASSERT_TRUE(admin) << admin.error().message;
  auto killed = (*admin)->exec("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity "
                               "WHERE application_name = $1 AND query LIKE 'SELECT COALESCE(current_schema()%'",
                               {schema.name()});
  ASSERT_TRUE(killed) << killed.error().message;
  ASSERT_EQ(killed->int64(0, 0), 1);
}

TEST(PgListener, WakesOnAnotherStoresEnqueueAndFinishInItsSchemaOnly) {
  testing::PostgresTestSchema mine;
  if (!mine.create()) return;
  testing::PostgresTestSchema elsewhere;
  ASSERT_TRUE(elsewhere.create());
  auto store = open_at(mine.url());
  auto other = open_at(elsewhere.url());
  ASSERT_TRUE(store && other);
  Wakes wakes;
  PgListener listener(mine.url(), [&] { wakes.task(); }, [&] { wakes.callback(); });
  ASSERT_TRUE(listener.wait_listening(kPatience)) << listener.last_error();

  // The other schema's change is notified first (commit order), so by the time this schema's wakes the
  // listener, the other's has been seen and left alone.
  ASSERT_TRUE(other->enqueue("elsewhere", sample_spec(), kT0, {}));
  ASSERT_TRUE(store->enqueue("t", sample_spec(), kT0, {}));
  ASSERT_TRUE(wakes.wait_tasks(1));
  EXPECT_EQ(wakes.tasks(), 1);
  EXPECT_EQ(wakes.callbacks(), 0);

  // A finish with a callback due now wakes the callback side.
  ASSERT_TRUE(store->claim("w", kT0, 1'000)->has_value());
  CallbackDelivery callback;
  callback.url = "http://127.0.0.1:1/cb";
  ASSERT_TRUE(*store->complete("t", "w", {}, kT0 + 1, callback));
  ASSERT_TRUE(wakes.wait_callbacks(1));
  EXPECT_EQ(wakes.callbacks(), 1);
  EXPECT_EQ(wakes.tasks(), 1);  // a claim and a finish make nothing claimable

  // A create, and a manual retry, make a task claimable.
  ASSERT_TRUE(store->create("f", sample_spec(), kT0 + 2));
  ASSERT_TRUE(wakes.wait_tasks(2));
  ASSERT_TRUE(store->claim("w", kT0 + 3, 1'000)->has_value());
  ASSERT_TRUE(*store->fail("f", "w", "io", "x", kT0 + 4, std::nullopt));
  ASSERT_TRUE(*store->retry("f", kT0 + 5));
  ASSERT_TRUE(wakes.wait_tasks(3));
  // Released to the queue, and back from an expired lease.
  ASSERT_TRUE(store->claim("w", kT0 + 6, 1'000)->has_value());
  ASSERT_TRUE(*store->release("f", "w", kT0 + 7, kT0 + 7, true, "", ""));
  ASSERT_TRUE(wakes.wait_tasks(4));
  ASSERT_TRUE(store->claim("w", kT0 + 8, 1'000)->has_value());
  ASSERT_EQ(*store->requeue_expired(kT0 + 2'000), 1);
  ASSERT_TRUE(wakes.wait_tasks(5));
  // A redelivery makes a callback due again.
  CallbackDelivery delivered = store->callbacks_for("t")->front();
  delivered.attempts = 1;
  delivered.state = to_string(DeliveryState::kDelivered);
  ASSERT_TRUE(*store->update_callback(delivered));
  ASSERT_EQ(*store->redeliver(delivered.id, kT0 + 9), Redelivery::kQueued);
  ASSERT_TRUE(wakes.wait_callbacks(2));
  listener.stop();
}

TEST(PgListener, ListensAgainAfterItsConnectionIsLostAndWakesBothSides) {
  testing::PostgresTestSchema schema;
  if (!schema.create()) return;
  auto store = open_at(schema.url());
  ASSERT_TRUE(store);
  Wakes wakes;
  PgListener listener(schema.url(), [&] { wakes.task(); }, [&] { wakes.callback(); },
                      PgListener::Options{.poll_ms = 50, .reconnect_min_ms = 10});
  ASSERT_TRUE(listener.wait_listening(kPatience)) << listener.last_error();
  ASSERT_NO_FATAL_FAILURE(kill_listener_session(schema));
  // Notifications sent while it was away are lost: it wakes both sides once it is back.
  ASSERT_TRUE(wakes.wait_tasks(1));
  ASSERT_TRUE(wakes.wait_callbacks(1));
  ASSERT_TRUE(listener.wait_listening(kPatience));
  ASSERT_TRUE(store->create("t", sample_spec(), kT0));
  ASSERT_TRUE(wakes.wait_tasks(2));
}

TEST(PgListener, StopDoesNotWaitOutTheSocketsPoll) {
  testing::PostgresTestSchema schema;
  if (!schema.create()) return;
  Wakes wakes;
  // A poll of ten minutes: only the wake-up stop() sends ends the wait before the test's own timeout.
  PgListener listener(schema.url(), [&] { wakes.task(); }, [&] { wakes.callback(); },
                      PgListener::Options{.poll_ms = 600'000});
  ASSERT_TRUE(listener.wait_listening(kPatience)) << listener.last_error();
  const auto started = std::chrono::steady_clock::now();
  listener.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, kPatience);
}

TEST(PgListener, HearsOfMediaChangesInItsSchemaAndAfterItsConnectionIsLost) {
  testing::PostgresTestSchema mine;
  if (!mine.create()) return;
  testing::PostgresTestSchema elsewhere;
  ASSERT_TRUE(elsewhere.create());
  auto store = open_at(mine.url());
  auto other = open_at(elsewhere.url());
  ASSERT_TRUE(store && other);
  Wakes wakes;
  PgListener listener(mine.url(), [&] { wakes.task(); }, [&] { wakes.callback(); }, [&] { wakes.media(); },
                      PgListener::Options{.poll_ms = 50, .reconnect_min_ms = 10});
  ASSERT_TRUE(listener.wait_listening(kPatience)) << listener.last_error();
  // The other schema's change comes first (commit order) and is left alone.
  ASSERT_TRUE(*other->put_media("clip", "elsewhere.mp4", kT0));
  ASSERT_TRUE(*store->put_media("clip", "a.mp4", kT0));
  ASSERT_TRUE(wakes.wait_media(1));
  EXPECT_EQ(wakes.media_changes(), 1);
  EXPECT_EQ(wakes.tasks(), 0);
  // Changes made while its connection was lost are not announced: it calls once it is back.
  ASSERT_NO_FATAL_FAILURE(kill_listener_session(mine));
  ASSERT_TRUE(wakes.wait_media(2));
  listener.stop();
}

}  // namespace
}  // namespace tg::tasks
