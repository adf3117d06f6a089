// Three gateways on one PostgreSQL and one Redis: work, limits and nonces are shared, and a node that dies
// loses nothing.

#include <rapidjson/document.h>

#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "cluster/cluster_fixture.hpp"
#include "support/callback_receiver.hpp"
#include "support/tool_command.hpp"

namespace tg::testing {
namespace {

using namespace std::chrono_literals;

std::vector<std::pair<std::string, std::string>> snapshot_params() {
  return {{"Action", "MediaThumbnails"}, {"Vendor", "Tencent"}, {"FileId", "clip"},
          {"Type", "SnapshotByTimeOffset"}, {"Definition", "10"}, {"ExtTimeOffsetSet[]", "1"}};
}

// task id -> how many callbacks said it succeeded / anything else.
struct CallbackTally {
  std::map<std::string, int> succeeded;
  std::map<std::string, int> other;
};

CallbackTally tally(const std::vector<ReceivedRequest>& received) {
  CallbackTally t;
  for (const auto& request : received) {
    rapidjson::Document doc;
    doc.Parse(request.body.c_str());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("task_id")) continue;
    const std::string id = doc["task_id"].GetString();
    // A finished task's callback lists its images; a failed one's list is empty.
    bool ok = false;
    if (doc.HasMember("snapshot_pic_list") && doc["snapshot_pic_list"].IsString()) {
      rapidjson::Document pics;
      pics.Parse(doc["snapshot_pic_list"].GetString());
      ok = !pics.HasParseError() && pics.IsArray() && pics.Size() > 0;
    }
    ++(ok ? t.succeeded : t.other)[id];
  }
  return t;
}

TEST_F(ClusterFixture, TwoHundredTasksSubmittedRoundRobinEachFinishExactlyOnce) {
  CallbackReceiver receiver;
  const auto apps = make_apps("7", 10);
  apps_ = apps_json(apps, 1000, receiver.url("/cb"));
  start_all(R"(,"workers":2)");

  std::vector<std::string> ids;
  for (int i = 0; i < 200; ++i) {
    const auto res = http_get(zego_url(node_url(i % kNodes), apps[i % apps.size()], snapshot_params()));
    ASSERT_EQ(res.status, 200) << res.body;
    ASSERT_EQ(code_of(res.body), 0) << res.body;
    ids.push_back(json_field(res.body, "Data.Tencent.TaskId"));
  }
  ASSERT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 200u);

  auto received = receiver.wait_for(200, 120000);
  std::this_thread::sleep_for(1500ms);  // a second delivery of any of them would come meanwhile
  received = receiver.received();
  const CallbackTally t = tally(received);
  EXPECT_EQ(received.size(), 200u);
  EXPECT_TRUE(t.other.empty());
  for (const auto& id : ids) EXPECT_EQ(t.succeeded.count(id) ? t.succeeded.at(id) : 0, 1) << id;

  // Any node answers for any task, and the images are in the shared outputs folder.
  for (int i = 0; i < 6; ++i) {
    const auto res = http_get(zego_url(node_url((i + 1) % kNodes), apps[i % apps.size()],
                                       {{"Action", "DescribeMediaTask"}, {"Vendor", "Tencent"}, {"TaskId", ids[i]}}));
    EXPECT_EQ(json_field(res.body, "Data.Tencent.Status"), "FINISH") << res.body;
  }
}

TEST_F(ClusterFixture, AnAppsTwentyFirstRequestInASecondIsRefusedWhicheverNodeItReaches) {
  const auto apps = make_apps("5", 50);
  apps_ = apps_json(apps, 20, "");
  // Room in the queue for every accepted task, however many windows a slow machine spreads them over.
  start_all(R"(,"workers":0,"max_queue":10000)");

  std::map<std::string, int> accepted;
  std::map<std::string, int> refused;
  std::set<std::string> within_a_second;  // apps whose 40 requests were all sent and answered within 900 ms
  for (const auto& app : apps) {
    // The app's 40 requests at once, spread over the three nodes.
    std::vector<std::string> urls;
    for (int i = 0; i < 40; ++i) urls.push_back(zego_url(node_url(i % kNodes), app, snapshot_params()));
    std::vector<std::string> bodies(urls.size());
    std::vector<std::thread> threads;
    const auto first = std::chrono::steady_clock::now();
    for (size_t i = 0; i < urls.size(); ++i) {
      threads.emplace_back([&, i] { bodies[i] = http_get(urls[i]).body; });
    }
    for (auto& thread : threads) thread.join();
    if (std::chrono::steady_clock::now() - first < 900ms) within_a_second.insert(app.app_id);
    for (const auto& body : bodies) {
      const int code = code_of(body);
      if (code == 0) ++accepted[app.app_id];
      else if (code == 6) ++refused[app.app_id];
      else ADD_FAILURE() << body;
    }
  }
  if (within_a_second.size() < 10) {
    GTEST_SKIP() << "the machine was too slow to send an app's 40 requests within one second (" << within_a_second.size()
                 << " of 50 apps did)";
  }
  for (const auto& app : apps) {
    EXPECT_EQ(accepted[app.app_id] + refused[app.app_id], 40) << app.app_id;
    if (within_a_second.count(app.app_id)) {
      // All 40 within one window: exactly 20 accepted, whichever nodes they reached.
      EXPECT_EQ(accepted[app.app_id], 20) << app.app_id;
    } else {
      // Spread over more than one window: the first 20 at least (a later window admits more).
      EXPECT_GE(accepted[app.app_id], 20) << app.app_id;
    }
  }
}

TEST_F(ClusterFixture, ANonceUsedOnOneNodeIsRefusedOnAnother) {
  const auto apps = make_apps("3", 1);
  apps_ = apps_json(apps, 20, "");
  start_all(R"(,"workers":0)");
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  const std::string nonce = "a1b2c3d4e5f60718";
  const auto first = http_get(zego_url(node_url(0), apps[0], snapshot_params(), now, nonce));
  ASSERT_EQ(code_of(first.body), 0) << first.body;
  for (int node = 1; node < kNodes; ++node) {
    const auto again = http_get(zego_url(node_url(node), apps[0], snapshot_params(), now, nonce));
    EXPECT_EQ(code_of(again.body), 7) << "node " << node << ": " << again.body;  // authentication failed
  }
  const auto other = http_get(zego_url(node_url(1), apps[0], snapshot_params(), now, "0f1e2d3c4b5a6978"));
  EXPECT_EQ(code_of(other.body), 0) << other.body;
}

TEST_F(ClusterFixture, AFileIdRegisteredAfterANodeFoundItUnknownIsServedThere) {
  const auto apps = make_apps("5", 1);
  apps_ = apps_json(apps, 1000, "");
  start_all(R"(,"workers":0)");
  auto params = snapshot_params();
  for (auto& [name, value] : params) {
    if (name == "FileId") value = "registered-later";
  }
  // Node 1 looks the FileId up and finds nothing (and keeps that answer in memory for a while).
  const auto before = http_get(zego_url(node_url(1), apps[0], params));
  ASSERT_EQ(before.status, 200) << before.body;
  ASSERT_NE(code_of(before.body), 0) << before.body;
  // Registered through another process on the shared database: node 1 hears of it.
  const auto added = run_tool({TG_THUMBGATE_BIN, "media", "add", "registered-later", "clip.mp4", "--config",
                               dir_ + "/node0.json"});
  ASSERT_EQ(added.exit_code, 0) << added.out << added.err;
  // A bound on waiting, not a measure of time.
  int code = -1;
  std::string body;
  for (int i = 0; i < 300 && code != 0; ++i) {
    const auto res = http_get(zego_url(node_url(1), apps[0], params));
    body = res.body;
    code = code_of(body);
    if (code != 0) std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(code, 0) << body;
}

TEST_F(ClusterFixture, TasksOfAKilledNodeFinishOnTheOthersAndEveryCallbackIsDelivered) {
  CallbackReceiver receiver;
  const auto apps = make_apps("9", 1);
  apps_ = apps_json(apps, 1000, receiver.url("/cb"));
  // Long enough to be caught running: a sprite of every frame of a 60 s clip.
  const std::string long_clip = dir_ + "/media/minute.mp4";
  const auto made = run_tool({"ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                              "testsrc2=size=640x360:rate=25:duration=60", "-c:v", "libx264", "-preset",
                              "ultrafast", "-g", "250", "-pix_fmt", "yuv420p", long_clip});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::string short_lease = R"(,"workers":2,"lease_ms":1500)";

  start_node(0, short_lease);
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i) {
    const auto res = http_get(zego_url(node_url(0), apps[0],
                                       {{"Action", "MediaThumbnails"}, {"Vendor", "Huawei"}, {"FileId", "minute.mp4"},
                                        {"Type", "SampleSnapshot"}, {"Interval", "1"}}));
    ASSERT_EQ(code_of(res.body), 0) << res.body;
    ids.push_back(json_field(res.body, "Data.Huawei.task_id"));
  }
  // Node 0 holds two of them when it dies.
  bool running = false;
  for (int i = 0; i < 300 && !running; ++i) {
    const auto res = http_get(zego_url(node_url(0), apps[0],
                                       {{"Action", "DescribeMediaTask"}, {"Vendor", "Huawei"}, {"TaskId", ids[0]}}));
    running = json_field(res.body, "Data.Huawei.Status") == "PROCESSING";
    if (!running) std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(running);
  nodes_[0]->kill_hard();
  start_node(1, short_lease);
  start_node(2, short_lease);

  receiver.wait_for(ids.size(), 180000);
  const CallbackTally t = tally(receiver.received());
  for (const auto& id : ids) {
    EXPECT_GE(t.succeeded.count(id) ? t.succeeded.at(id) : 0, 1) << id << " was never reported finished";
    const auto res = http_get(zego_url(node_url(1 + (id.size() % 2)), apps[0],
                                       {{"Action", "DescribeMediaTask"}, {"Vendor", "Huawei"}, {"TaskId", id}}));
    EXPECT_EQ(json_field(res.body, "Data.Huawei.Status"), "SUCCEEDED") << res.body;
  }
  EXPECT_TRUE(t.other.empty());
}

TEST_F(ClusterFixture, ANodeWithPostgresqlAndNoRedisRefusesToStart) {
  const std::string path = dir_ + "/no-redis.json";
  std::ofstream(path) << R"({"listen":"127.0.0.1:0","data_dir":")" + dir_ + R"(/lonely","database":")" + database_ +
                             R"("})";
  const ToolOutput run = run_tool({TG_THUMBGATE_BIN, "serve", "--config", path});
  EXPECT_NE(run.exit_code, 0);
  const std::string said = run.out + run.err;
  EXPECT_NE(said.find("redis"), std::string::npos) << said;
  EXPECT_NE(said.find("rate limits and nonces"), std::string::npos) << said;
  EXPECT_EQ(said.find("listening"), std::string::npos) << said;
  // The database URL's password is not repeated.
  const std::string password = database_.substr(database_.find(':', 14) + 1,
                                                database_.find('@') - database_.find(':', 14) - 1);
  EXPECT_EQ(said.find(password), std::string::npos) << said;
}

}  // namespace
}  // namespace tg::testing
