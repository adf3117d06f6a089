// The whole tasks pipeline on a real clip: store -> worker pool -> engine -> files -> callback POST.
#include <gtest/gtest.h>

#include <mutex>

#include <chrono>
#include <filesystem>
#include <thread>

#include "core/clock.hpp"
#include "support/callback_receiver.hpp"
#include "support/clips.hpp"
#include "support/descriptors_exhausted.hpp"
#include "task_test_support.hpp"
#include "tasks/callback_sender.hpp"
#include "tasks/engine_job_runner.hpp"
#include "tasks/maintenance.hpp"
#include "tasks/worker_pool.hpp"

namespace tg::tasks {
namespace {

TEST(TaskPipeline, SubmittedSnapshotEndsWithFilesAndADeliveredCallback) {
  std::string clip = tg::testing::clip_path(tg::testing::ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  std::string dir = testing::fresh_dir();
  auto store = testing::open_store(dir);
  ASSERT_TRUE(store);
  tg::testing::CallbackReceiver receiver;
  SystemClock clock;

  TaskSpec spec = testing::sample_spec();
  spec.input = clip;
  spec.callback_url = receiver.url("/done");
  spec.job.as<SnapshotJob>().times = {RequestedTime::at_ms(1000), RequestedTime::at_ms(2000)};
  spec.job.name_pattern = "{ms}.jpg";
  ASSERT_TRUE(store->create("pipe-1", spec, clock.now_ms()));

  EngineJobRunner runner;
  CallbackSender sender(*store, clock,
                        {.poll_ms = 20, .timeout_ms = 2000, .retry_delays_ms = {20},
                         .policy = *AddressPolicy::from_allow_list({"127.0.0.1"})});
  WorkerPool pool(*store, runner, clock,
                  {.workers = 1, .lease_ms = 5000, .poll_ms = 20, .outputs = shared_folder_outputs(dir + "/outputs"),
                   .worker_prefix = "pipe", .callback_queued = [&sender] { sender.wake(); }},
                  [&](const TaskRecord& finished) -> std::optional<CallbackDelivery> {
                    CallbackDelivery delivery;
                    delivery.url = finished.spec.callback_url;
                    delivery.body = std::string(to_string(finished.status)) + " " +
                                    std::to_string(finished.outputs.size());
                    delivery.content_type = "text/plain";
                    return delivery;
                  });
  sender.start();
  pool.start();
  pool.wake();
  auto received = receiver.wait_for(1, 20'000);
  pool.stop();
  sender.stop();

  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].target, "/done");
  EXPECT_EQ(received[0].body, "SUCCEEDED 2");
  auto record = store->get("pipe-1");
  ASSERT_TRUE(record && record->has_value());
  EXPECT_EQ((*record)->status, TaskStatus::kSucceeded);
  ASSERT_EQ((*record)->outputs.size(), 2u);
  EXPECT_EQ((*record)->outputs[0].name, "1000.jpg");
  EXPECT_EQ((*record)->outputs[1].name, "2000.jpg");
  EXPECT_TRUE(std::filesystem::exists(dir + "/outputs/pipe-1/1000.jpg"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/outputs/pipe-1/2000.jpg"));
}

TEST(TaskPipeline, TaskThatRanOutOfDescriptorsIsRetriedAndSucceeds) {
  std::string clip = tg::testing::clip_path(tg::testing::ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  std::string dir = testing::fresh_dir();
  auto store = testing::open_store(dir);
  ASSERT_TRUE(store);
  ManualClock clock;
  TaskSpec spec = testing::sample_spec();
  spec.input = clip;
  spec.job.as<SnapshotJob>().times = {RequestedTime::at_ms(1000)};
  spec.job.name_pattern = "{ms}.jpg";
  ASSERT_TRUE(store->create("emfile-1", spec, clock.now_ms()));

  EngineJobRunner runner;
  std::vector<std::string> composed;  // statuses the callbacks were composed for
  std::mutex composed_mutex;
  WorkerPool pool(*store, runner, clock,
                  {.workers = 1, .lease_ms = 60000, .poll_ms = 10, .outputs = shared_folder_outputs(dir + "/outputs"),
                   .worker_prefix = "fd", .retry_delay_ms = 1000},
                  [&](const TaskRecord& finished) -> std::optional<CallbackDelivery> {
                    std::lock_guard lock(composed_mutex);
                    composed.push_back(to_string(finished.status));
                    return CallbackDelivery{.url = "http://127.0.0.1:9/cb", .body = "{}"};
                  });
  {
    // The database is open already; the input's open() fails with EMFILE, as under a flood of connections.
    tg::testing::DescriptorsExhausted exhausted;
    ASSERT_TRUE(exhausted.ok());
    pool.start();
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (pool.stats().retried == 0 && pool.stats().failed == 0 && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  ASSERT_EQ(pool.stats().retried, 1);
  auto waiting = store->get("emfile-1");
  ASSERT_TRUE(waiting && waiting->has_value());
  EXPECT_NE((*waiting)->status, TaskStatus::kFailed);
  EXPECT_TRUE(store->callbacks_for("emfile-1")->empty());

  clock.advance_ms(1001);  // the retry time: the maintenance loop queues the task again
  Maintenance maintenance(*store, clock, {.retention_ms = 0});
  ASSERT_EQ(maintenance.run_once()->requeued, 1);
  pool.wake();
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  std::optional<TaskRecord> done;
  while (std::chrono::steady_clock::now() < until) {
    auto got = store->get("emfile-1");
    if (got && got->has_value() && (*got)->status == TaskStatus::kSucceeded) {
      done = **got;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  pool.stop();
  ASSERT_TRUE(done);
  EXPECT_EQ(done->attempts, 2);
  ASSERT_EQ(done->outputs.size(), 1u);
  EXPECT_TRUE(std::filesystem::exists(dir + "/outputs/emfile-1/1000.jpg"));
  std::lock_guard lock(composed_mutex);
  EXPECT_EQ(composed, std::vector<std::string>{"SUCCEEDED"});
}

}  // namespace
}  // namespace tg::tasks
