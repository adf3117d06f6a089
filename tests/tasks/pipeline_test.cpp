// The whole tasks pipeline on a real clip: store -> worker pool -> engine -> files -> callback POST.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/clock.hpp"
#include "support/callback_receiver.hpp"
#include "support/clips.hpp"
#include "task_test_support.hpp"
#include "tasks/callback_sender.hpp"
#include "tasks/engine_job_runner.hpp"
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
  spec.job.snapshot.times = {{1, false}, {2, false}};
  spec.job.name_pattern = "{ms}.jpg";
  ASSERT_TRUE(store->create("pipe-1", spec, clock.now_ms()));

  EngineJobRunner runner;
  CallbackSender sender(*store, clock,
                        {.poll_ms = 20, .timeout_ms = 2000, .retry_delays_ms = {20},
                         .policy = *AddressPolicy::from_allow_list({"127.0.0.1"})});
  WorkerPool pool(*store, runner, clock,
                  {.workers = 1, .lease_ms = 5000, .poll_ms = 20, .outputs_dir = dir + "/outputs",
                   .worker_prefix = "pipe"},
                  [&](const TaskRecord& finished) -> std::optional<CallbackDelivery> {
                    CallbackDelivery delivery;
                    delivery.url = finished.spec.callback_url;
                    delivery.body = std::string(to_string(finished.status)) + " " +
                                    std::to_string(finished.outputs.size());
                    delivery.content_type = "text/plain";
                    sender.wake();  // the row is committed right after this returns; the poll covers the gap
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

}  // namespace
}  // namespace tg::tasks
