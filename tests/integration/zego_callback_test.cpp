// The `snapshot` callback reaches a real local receiver in ZEGO's shape with a valid signature, and is
// delivered again after the receiver first answers 500; never to an address the outbound policy refuses.

#include <rapidjson/document.h>

#include <algorithm>

#include "integration/gateway_fixture.hpp"
#include "integration/gateway_store.hpp"
#include "signing/digest.hpp"
#include "support/callback_receiver.hpp"
#include "support/cluster_mode.hpp"
#include "tasks/sqlite_database.hpp"
#include "tasks/sqlite_task_store.hpp"

namespace tg::testing {
namespace {

class ZegoCallback : public GatewayFixture {};

std::string expected_signature(const std::string& secret, const std::string& timestamp, const std::string& nonce) {
  std::vector<std::string> parts{secret, timestamp, nonce};
  std::sort(parts.begin(), parts.end());
  return tg::signing::sha1_hex(parts[0] + parts[1] + parts[2]);
}

TEST_F(ZegoCallback, SignedSnapshotEventIsRetriedAfterA500) {
  CallbackReceiver receiver;
  receiver.script_statuses({500});
  callback_url_ = receiver.url("/zego/snapshot");
  start();
  std::string body = call(kAppA, {{"Action", "MediaThumbnails"},
                                  {"Vendor", "Tencent"},
                                  {"FileId", "1397757897438985100"},
                                  {"Type", "SnapshotByTimeOffset"},
                                  {"Definition", "10"},
                                  {"ExtTimeOffsetSet[]", "1"},
                                  {"ExtTimeOffsetSet[]", "3"}});
  ASSERT_EQ(code_of(body), 0) << body;
  std::string task_id = json_field(body, "Data.Tencent.TaskId");

  auto got = receiver.wait_for(2, 30000);
  ASSERT_EQ(got.size(), 2u) << "the callback was not retried after a 500";
  EXPECT_EQ(got[0].body, got[1].body);
  for (const auto& req : got) {
    EXPECT_EQ(req.method, "POST");
    EXPECT_EQ(req.target, "/zego/snapshot");
    rapidjson::Document doc;
    doc.Parse(req.body.c_str());
    ASSERT_FALSE(doc.HasParseError()) << req.body;
    EXPECT_STREQ(doc["event"].GetString(), "snapshot");
    EXPECT_EQ(std::string(doc["appid"].GetString()), kAppA.app_id);
    EXPECT_EQ(std::string(doc["task_id"].GetString()), task_id);
    EXPECT_STREQ(doc["vendor"].GetString(), "tencent");
    EXPECT_STREQ(doc["field_id"].GetString(), "1397757897438985100");
    std::string ts = doc["timestamp"].GetString();
    std::string nonce = doc["nonce"].GetString();
    EXPECT_EQ(std::string(doc["signature"].GetString()), expected_signature("cbsecret", ts, nonce));
    ASSERT_TRUE(doc["snapshot_pic_list"].IsString());
    rapidjson::Document pics;
    pics.Parse(doc["snapshot_pic_list"].GetString());
    ASSERT_TRUE(pics.IsArray());
    ASSERT_EQ(pics.Size(), 2u);
    EXPECT_EQ(pics[0]["offset"].GetInt64(), 1000);
    EXPECT_EQ(pics[1]["offset"].GetInt64(), 3000);
    std::string pic_url = pics[0]["url"].GetString();
    EXPECT_EQ(http_get(pic_url).status, 200) << pic_url;
  }
  // Exactly once more after success: no third delivery.
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  EXPECT_EQ(receiver.received().size(), 2u);
}

TEST_F(ZegoCallback, TasksKeepNoSecretAndCallbacksAreSignedWithTheCurrentOne) {
  CallbackReceiver receiver;
  callback_url_ = receiver.url("/zego/snapshot");
  start(R"(,"workers":0)");
  std::string body = call(kAppA, {{"Action", "MediaThumbnails"},
                                  {"Vendor", "Huawei"},
                                  {"FileId", "rec/a.mp4"},
                                  {"Type", "SampleSnapshot"},
                                  {"Interval", "2"}});
  ASSERT_EQ(code_of(body), 0) << body;
  if (!cluster_mode()) {  // the column as stored (PostgreSQL's store keeps it empty the same way)
    auto db = tasks::SqliteDatabase::open(dir_ + "/data/thumbgate.db");
    ASSERT_TRUE(db) << db.error();
    auto prepared = (*db)->prepare("SELECT callback_secret FROM tasks");
    ASSERT_TRUE(prepared);
    tasks::Statement row(*prepared);
    ASSERT_EQ(row.step(), tasks::Statement::Step::kRow);
    EXPECT_EQ(row.text(0), "");
  }
  // The app's callback secret is rotated before the task runs: the callback is signed with the new one.
  server_.reset();
  std::string apps = apps_json();
  apps.replace(apps.find("cbsecret"), 8, "rotated-secret");
  start(R"(,"workers":1)", apps);
  auto got = receiver.wait_for(1, 30000);
  ASSERT_EQ(got.size(), 1u);
  rapidjson::Document doc;
  doc.Parse(got[0].body.c_str());
  ASSERT_FALSE(doc.HasParseError()) << got[0].body;
  EXPECT_EQ(std::string(doc["signature"].GetString()),
            expected_signature("rotated-secret", doc["timestamp"].GetString(), doc["nonce"].GetString()));
}

TEST_F(ZegoCallback, ACallbackToANameResolvingToLoopbackIsRefusedWithoutAnAllowList) {
  CallbackReceiver receiver;
  callback_url_ = "http://localhost:" + std::to_string(receiver.port()) + "/zego/snapshot";
  outbound_json_.clear();  // public addresses only
  start();
  std::string body = call(kAppA, {{"Action", "MediaThumbnails"}, {"Vendor", "Tencent"},
                                  {"FileId", "1397757897438985100"}, {"Type", "SnapshotByTimeOffset"},
                                  {"Definition", "10"}, {"ExtTimeOffsetSet[]", "1"}});
  ASSERT_EQ(code_of(body), 0) << body;
  const std::string task_id = json_field(body, "Data.Tencent.TaskId");
  std::string done = wait_status(kAppA, "Tencent", task_id, {"FINISH", "FAIL"});
  EXPECT_EQ(json_field(done, "Data.Tencent.Status"), "FINISH") << done;

  auto store = GatewayStore::open(dir_ + "/data");
  ASSERT_TRUE(store);
  tasks::CallbackDelivery delivery;
  for (int i = 0; i < 300 && delivery.attempts < 2; ++i) {
    auto callbacks = store.outbox().callbacks_for(task_id);
    ASSERT_TRUE(callbacks);
    if (!callbacks->empty()) delivery = callbacks->front();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_GE(delivery.attempts, 2);
  EXPECT_NE(delivery.last_error.find("address is not allowed"), std::string::npos) << delivery.last_error;
  EXPECT_TRUE(receiver.received().empty());
}

}  // namespace
}  // namespace tg::testing
