// Apps share the queue over HTTP: one app is refused beyond its share while another is still accepted,
// and once workers start they take tasks from the apps in turn.

#include <rapidjson/document.h>

#include <algorithm>
#include <set>

#include "integration/tencent_vod_fixture.hpp"
#include "support/callback_receiver.hpp"

namespace tg::testing {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

const Params kSample{{"Action", "MediaThumbnails"},
                     {"Vendor", "Huawei"},
                     {"FileId", "rec/a.mp4"},
                     {"Type", "SampleSnapshot"},
                     {"Interval", "2"}};

class FairQueue : public VodFixture {
 protected:
  /// Both apps with a callback to `url`.
  static std::string apps_with_callbacks(const std::string& url) {
    std::string apps = "[";
    for (const ZegoCredentials* app : {&kAppA, &kAppB}) {
      if (apps.size() > 1) apps += ",";
      apps += R"({"app_id":")" + app->app_id + R"(","server_secret":")" + app->server_secret +
              R"(","callback_url":")" + url + R"(","callback_secret":"cbsecret"})";
    }
    return apps + "]";
  }
};

TEST_F(FairQueue, AZegoAppIsRefusedBeyondItsShareWhileAnotherIsAccepted) {
  ASSERT_NO_FATAL_FAILURE(start(R"(,"workers":0,"max_queue":10,"max_queue_per_app":2)"));
  EXPECT_EQ(code_of(call(kAppA, kSample)), 0);
  EXPECT_EQ(code_of(call(kAppA, kSample)), 0);
  const std::string refused = call(kAppA, kSample);
  EXPECT_EQ(code_of(refused), 1000) << refused;
  EXPECT_NE(json_field(refused, "Message").find("already has 2 tasks waiting"), std::string::npos) << refused;
  EXPECT_EQ(code_of(call(kAppB, kSample)), 0);
  EXPECT_EQ(code_of(call(kAppB, kSample)), 0);
  EXPECT_EQ(code_of(call(kAppB, kSample)), 1000);
}

TEST_F(FairQueue, AVodKeyIsRefusedBeyondItsShareWhileAnotherIsAccepted) {
  ASSERT_NO_FATAL_FAILURE(start(vod_config() + R"(,"workers":0,"max_queue":10,"max_queue_per_app":1)"));
  const VodParams sprite{{"Action", "CreateImageSprite"}, {"fileId", "1397757897438985100"}, {"definition", "10"}};
  EXPECT_EQ(vod_code(vod_call(kVodKeyA, sprite)), 0);
  const std::string refused = vod_call(kVodKeyA, sprite);
  EXPECT_EQ(vod_code(refused), 4400) << refused;
  EXPECT_NE(json_field(refused, "message").find("already has 1 tasks waiting"), std::string::npos) << refused;
  EXPECT_EQ(vod_code(vod_call(kVodKeyB, sprite)), 0);
}

TEST_F(FairQueue, WorkersStartedOnAQueueTakeTasksFromTheAppsInTurn) {
  CallbackReceiver receiver;
  const std::string apps = apps_with_callbacks(receiver.url("/cb"));
  ASSERT_NO_FATAL_FAILURE(start(R"(,"workers":0)", apps));
  // A queues four tasks before B queues two.
  std::vector<std::string> a_tasks;
  std::vector<std::string> b_tasks;
  for (int i = 0; i < 4; ++i) {
    const std::string body = call(kAppA, kSample);
    ASSERT_EQ(code_of(body), 0) << body;
    a_tasks.push_back(json_field(body, "Data.Huawei.task_id"));
  }
  for (int i = 0; i < 2; ++i) {
    const std::string body = call(kAppB, kSample);
    ASSERT_EQ(code_of(body), 0) << body;
    b_tasks.push_back(json_field(body, "Data.Huawei.task_id"));
  }
  // One worker now: tasks finish (and their callbacks are sent) in the order they were claimed.
  server_.reset();
  ASSERT_NO_FATAL_FAILURE(start(R"(,"workers":1)", apps));
  auto got = receiver.wait_for(6, 60'000);
  ASSERT_EQ(got.size(), 6u);
  // Which app each finished task belongs to, in order (tasks of one app queued in the same millisecond may
  // run in either order among themselves).
  std::string apps_in_order;
  std::set<std::string> seen;
  for (const auto& req : got) {
    rapidjson::Document doc;
    doc.Parse(req.body.c_str());
    ASSERT_FALSE(doc.HasParseError()) << req.body;
    const std::string task = doc["task_id"].GetString();
    const std::string app = doc["appid"].GetString();
    EXPECT_TRUE(seen.insert(task).second) << task;
    const auto& own = app == kAppA.app_id ? a_tasks : b_tasks;
    EXPECT_NE(std::find(own.begin(), own.end(), task), own.end()) << task;
    apps_in_order += app == kAppA.app_id ? 'A' : 'B';
  }
  EXPECT_EQ(apps_in_order, "ABABAA");
}

}  // namespace
}  // namespace tg::testing
