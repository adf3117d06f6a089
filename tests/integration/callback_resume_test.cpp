// A callback that could not be delivered before the server crashed (its receiver answered 500, then the
// server got SIGKILL) is delivered by the next server on the same data folder, once, with the body the
// finished task produced. (Shutdown.PendingCallbackStaysPendingAndIsDeliveredAfterRestart: after SIGTERM.)

#include <rapidjson/document.h>

#include <chrono>
#include <thread>

#include "integration/gateway_fixture.hpp"
#include "integration/gateway_store.hpp"
#include "support/callback_receiver.hpp"
#include "tasks/sqlite_task_store.hpp"

namespace tg::testing {
namespace {

class CallbackResume : public GatewayFixture {
 protected:
  /// The task's one callback row in the server's database.
  tasks::CallbackDelivery stored_delivery(const std::string& task_id) {
    auto store = GatewayStore::open(dir_ + "/data");
    if (!store) return {};
    auto callbacks = store.outbox().callbacks_for(task_id);
    EXPECT_TRUE(callbacks);
    if (!callbacks || callbacks->size() != 1) {
      ADD_FAILURE() << "expected one callback for " << task_id;
      return {};
    }
    return callbacks->front();
  }

  /// Polls the running server's database (bounded) until the task's callback satisfies `done`.
  template <class Done>
  tasks::CallbackDelivery wait_stored(const std::string& task_id, Done done) {
    tasks::CallbackDelivery delivery;
    for (int i = 0; i < 300; ++i) {
      delivery = stored_delivery(task_id);
      if (done(delivery)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return delivery;
  }
};

TEST_F(CallbackResume, APendingCallbackIsDeliveredOnceAfterACrash) {
  CallbackReceiver receiver;
  receiver.script_statuses(std::vector<int>(100, 500));  // down until the test says otherwise
  callback_url_ = receiver.url("/zego/snapshot");
  // Retries 1 s apart: the first failed attempt leaves the callback pending long enough to kill the server.
  retry_delays_ = "[1000,1000,1000,1000,1000,1000,1000,1000,1000,1000]";
  start();
  std::string body = call(kAppA, {{"Action", "MediaThumbnails"},
                                  {"Vendor", "Tencent"},
                                  {"FileId", "1397757897438985100"},
                                  {"Type", "SnapshotByTimeOffset"},
                                  {"Definition", "10"},
                                  {"ExtTimeOffsetSet[]", "1"},
                                  {"ExtTimeOffsetSet[]", "3"}});
  ASSERT_EQ(code_of(body), 0) << body;
  const std::string task_id = json_field(body, "Data.Tencent.TaskId");
  const auto refused = receiver.wait_for(1, 30000);
  ASSERT_FALSE(refused.empty()) << "the first delivery never came";
  // Stopped once the server has recorded a failed attempt.
  wait_stored(task_id, [](const tasks::CallbackDelivery& d) { return d.attempts >= 1; });
  server_->kill_hard();

  const tasks::CallbackDelivery before = stored_delivery(task_id);
  ASSERT_EQ(before.state, "pending") << before.last_error;
  EXPECT_GE(before.attempts, 1);
  EXPECT_EQ(before.last_error, "HTTP 500");
  const std::size_t refused_count = receiver.received().size();
  receiver.script_statuses({});  // the receiver is back: 200 from now on

  restart();
  const auto got = receiver.wait_for(refused_count + 1, 30000);
  ASSERT_EQ(got.size(), refused_count + 1) << "the restarted server did not resume the pending callback";
  const ReceivedRequest& delivered = got.back();
  EXPECT_EQ(delivered.method, "POST");
  EXPECT_EQ(delivered.target, "/zego/snapshot");
  EXPECT_EQ(delivered.body, refused.front().body) << "the delivery is not the event the task produced";
  rapidjson::Document doc;
  doc.Parse(delivered.body.c_str());
  ASSERT_FALSE(doc.HasParseError()) << delivered.body;
  EXPECT_STREQ(doc["event"].GetString(), "snapshot");
  EXPECT_EQ(std::string(doc["appid"].GetString()), kAppA.app_id);
  EXPECT_EQ(std::string(doc["task_id"].GetString()), task_id);
  rapidjson::Document pics;
  pics.Parse(doc["snapshot_pic_list"].GetString());
  ASSERT_TRUE(pics.IsArray());
  ASSERT_EQ(pics.Size(), 2u);
  EXPECT_EQ(pics[0]["offset"].GetInt64(), 1000);
  EXPECT_EQ(pics[1]["offset"].GetInt64(), 3000);

  const tasks::CallbackDelivery after =
      wait_stored(task_id, [](const tasks::CallbackDelivery& d) { return d.state != "pending"; });
  EXPECT_EQ(after.state, "delivered");
  EXPECT_EQ(receiver.received().size(), refused_count + 1);
  // A few of the sender's passes later it is still delivered once.
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  EXPECT_EQ(receiver.received().size(), refused_count + 1);
}

}  // namespace
}  // namespace tg::testing
