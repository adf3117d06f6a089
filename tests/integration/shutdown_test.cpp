// SIGTERM drains: the listener closes, a request in flight is answered, a running task finishes within
// shutdown_grace_ms or goes back to the queue, and a pending callback stays pending for the next start.

#include <signal.h>

#include <future>

#include "integration/cos_fixture.hpp"
#include "integration/gateway_store.hpp"
#include "support/callback_receiver.hpp"
#include "support/image_probe.hpp"
#include "support/slow_origin.hpp"
#include "tasks/sqlite_task_store.hpp"

namespace tg::testing {
namespace {

class Shutdown : public CosFixture {
 protected:
  /// The task (or callback) rows as the stopped gateway left them in its database.
  GatewayStore open_database() { return GatewayStore::open(dir_ + "/data"); }

  std::string submit_interval_task(const std::string& file_id) {
    std::string body = call(kAppA, {{"Action", "MediaThumbnails"}, {"Vendor", "Huawei"}, {"FileId", file_id},
                                    {"Type", "SampleSnapshot"}, {"Interval", "1"}});
    EXPECT_EQ(code_of(body), 0) << body;
    return json_field(body, "Data.Huawei.task_id");
  }
};

TEST_F(Shutdown, TaskStillRunningAfterTheGraceGoesBackToTheQueueAndFinishesAfterRestart) {
  std::filesystem::copy_file(long_clip(240), dir_ + "/media/long.mp4");
  start(R"(,"workers":1,"shutdown_grace_ms":300)");
  const std::string task_id = submit_interval_task("long.mp4");
  std::string processing = wait_status(kAppA, "Huawei", task_id, {"PROCESSING", "SUCCEEDED", "FAILED"});
  ASSERT_EQ(json_field(processing, "Data.Huawei.Status"), "PROCESSING") << processing;

  EXPECT_EQ(server_->terminate(), 0);
  {
    auto store = open_database();
    ASSERT_TRUE(store);
    auto record = store->get(task_id);
    ASSERT_TRUE(record && record->has_value());
    // Queued now, not RUNNING until a lease runs out; the interrupted run is not counted as an attempt.
    EXPECT_EQ(tasks::to_string((*record)->status), std::string("QUEUED"));
    EXPECT_EQ((*record)->worker_id, "");
    EXPECT_EQ((*record)->attempts, 0);
    EXPECT_TRUE(store.outbox().callbacks_for(task_id)->empty());
  }
  restart();
  std::string done = wait_status(kAppA, "Huawei", task_id, {"SUCCEEDED", "FAILED"});
  EXPECT_EQ(json_field(done, "Data.Huawei.Status"), "SUCCEEDED") << done;
}

TEST_F(Shutdown, TaskRunningWithinTheGraceFinishesBeforeTheExit) {
  std::filesystem::copy_file(long_clip(60), dir_ + "/media/minute.mp4");
  start(R"(,"workers":1,"shutdown_grace_ms":15000)");
  const std::string task_id = submit_interval_task("minute.mp4");
  std::string processing = wait_status(kAppA, "Huawei", task_id, {"PROCESSING", "SUCCEEDED", "FAILED"});
  ASSERT_EQ(json_field(processing, "Data.Huawei.Status"), "PROCESSING") << processing;

  EXPECT_EQ(server_->terminate(), 0);
  auto store = open_database();
  ASSERT_TRUE(store);
  auto record = store->get(task_id);
  ASSERT_TRUE(record && record->has_value());
  EXPECT_EQ(tasks::to_string((*record)->status), std::string("SUCCEEDED")) << server_->output();
  EXPECT_EQ((*record)->outputs.size(), 60u);
}

TEST_F(Shutdown, RequestInFlightIsAnsweredBeforeTheExit) {
  std::filesystem::create_directories(dir_ + "/origin");
  std::filesystem::copy_file(clip_path(ClipKind::kH264Short), dir_ + "/origin/a.mp4");
  SlowOrigin origin(dir_ + "/origin");
  start(R"(,"shutdown_grace_ms":15000,)"
        R"("cos":{"buckets":[{"name":"originbucket-1250000000","region":"ap-beijing","root":")" +
        origin.base_url() + R"(","acl":"public-read"}]})");
  CosQuery q = snap("/a.mp4", {{"time", "2"}, {"width", "100"}, {"height", "50"}});
  q.host = "originbucket-1250000000.cos.ap-beijing.myqcloud.com";
  CosSigning anonymous;
  anonymous.anonymous = true;
  origin.hold();
  auto answer = std::async(std::launch::async, [&] { return cos_get(q, anonymous); });
  ASSERT_TRUE(origin.wait_requests(1, 20000));  // the snapshot is under way, waiting for its origin

  server_->send_signal(SIGTERM);
  ASSERT_TRUE(server_->wait_for_output("stopping", 10000)) << server_->output();
  origin.release();
  auto res = answer.get();
  ASSERT_EQ(res.status, 200) << res.error << res.body << server_->output();
  auto info = probe_image_bytes(bytes_of(res.body));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->width, 100);
  EXPECT_EQ(server_->wait_exit(20000), 0) << server_->output();
}

TEST_F(Shutdown, ASecondSignalStopsAtOnceAndTheRunningTaskIsQueued) {
  std::filesystem::create_directories(dir_ + "/origin");
  std::filesystem::copy_file(clip_path(ClipKind::kH264Short), dir_ + "/origin/a.mp4");
  SlowOrigin origin(dir_ + "/origin");
  origin.trickle(1, std::chrono::milliseconds(50));  // the task would run for hours
  media_json_ = R"({"slow":")" + origin.base_url() + R"(/a.mp4"})";
  start(R"(,"workers":1,"shutdown_grace_ms":600000)");
  std::string body = call(kAppA, {{"Action", "MediaThumbnails"}, {"Vendor", "Tencent"}, {"FileId", "slow"},
                                  {"Type", "SnapshotByTimeOffset"}, {"Definition", "10"},
                                  {"ExtTimeOffsetSet[]", "1"}});
  ASSERT_EQ(code_of(body), 0) << body;
  const std::string task_id = json_field(body, "Data.Tencent.TaskId");
  ASSERT_TRUE(origin.wait_requests(1, 20000));

  server_->send_signal(SIGTERM);
  ASSERT_TRUE(server_->wait_for_output("stopping", 10000)) << server_->output();
  server_->send_signal(SIGTERM);
  EXPECT_EQ(server_->wait_exit(20000), 0) << server_->output();  // not the ten-minute grace
  EXPECT_NE(server_->output().find("second signal"), std::string::npos) << server_->output();
  auto store = open_database();
  ASSERT_TRUE(store);
  EXPECT_EQ(tasks::to_string(store->get(task_id)->value().status), std::string("QUEUED"));
}

TEST_F(Shutdown, PendingCallbackStaysPendingAndIsDeliveredAfterRestart) {
  CallbackReceiver receiver;
  receiver.script_statuses({500});
  callback_url_ = receiver.url("/zego/snapshot");
  retry_delays_ = "[2000]";
  start(R"(,"shutdown_grace_ms":5000)");
  const std::string task_id = submit_interval_task("clip.mp4");
  ASSERT_EQ(receiver.wait_for(1, 30000).size(), 1u);  // answered 500: the next try is due 2 s later
  {
    auto store = open_database();  // read beside the running gateway (WAL)
    ASSERT_TRUE(store);
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < until) {
      auto callbacks = store.outbox().callbacks_for(task_id);
      if (callbacks && !callbacks->empty() && callbacks->front().attempts == 1) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  EXPECT_EQ(server_->terminate(), 0);
  {
    auto store = open_database();
    ASSERT_TRUE(store);
    auto callbacks = store.outbox().callbacks_for(task_id);
    ASSERT_TRUE(callbacks);
    ASSERT_EQ(callbacks->size(), 1u);
    if (receiver.received().size() == 1) {  // the retry did not fall inside the shutdown
      EXPECT_EQ(callbacks->front().state, "pending");
      EXPECT_EQ(callbacks->front().attempts, 1);
    }
  }
  restart();
  auto got = receiver.wait_for(2, 30000);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].body, got[1].body);
  EXPECT_EQ(server_->terminate(), 0);
  auto store = open_database();
  ASSERT_TRUE(store);
  EXPECT_EQ(store.outbox().callbacks_for(task_id)->front().state, "delivered");
}

}  // namespace
}  // namespace tg::testing
