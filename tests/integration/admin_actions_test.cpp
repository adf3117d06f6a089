// The admin API's changes over HTTP: retry and cancel of one task, bulk actions confirmed by a count, callback
// redelivery, and the overview's figures.

#include <gtest/gtest.h>

#include "admin_fixture.hpp"
#include "core/clock.hpp"

namespace tg::testing {
namespace {

using tasks::TaskStatus;

class AdminActionsTest : public AdminFixture {
 protected:
  TaskStatus status_of(const std::string& id) {
    auto got = store().get(id);
    return got && *got ? (**got).status : TaskStatus::kQueued;
  }
  const int64_t now_ = SystemClock().now_ms();
};

TEST_F(AdminActionsTest, RetryAndCancelOneTask) {
  plant("failed-1", spec(), now_ - 9000, TaskStatus::kFailed);
  plant("queued-1", spec(), now_ - 8000);
  start_admin(kQuietServer);
  auto retried = admin_post("/admin/api/tasks/failed-1/retry");
  ASSERT_EQ(retried.status, 200) << retried.body;
  rapidjson::Document doc = parse(retried.body);
  EXPECT_STREQ(doc["task"]["id"].GetString(), "failed-1");
  EXPECT_STREQ(doc["task"]["status"].GetString(), "QUEUED");
  EXPECT_STREQ(doc["task"]["error_code"].GetString(), "");
  EXPECT_EQ(status_of("failed-1"), TaskStatus::kQueued);
  // Not applicable now: a QUEUED task is not retried, and retried twice is a conflict.
  auto again = admin_post("/admin/api/tasks/failed-1/retry");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(error_code(again), "conflict");
  EXPECT_NE(again.body.find("QUEUED"), std::string::npos) << again.body;

  auto canceled = admin_post("/admin/api/tasks/queued-1/cancel");
  ASSERT_EQ(canceled.status, 200) << canceled.body;
  EXPECT_STREQ(parse(canceled.body)["task"]["status"].GetString(), "CANCELED");
  EXPECT_EQ(admin_post("/admin/api/tasks/queued-1/cancel").status, 409);
  // A canceled task can be retried.
  EXPECT_EQ(admin_post("/admin/api/tasks/queued-1/retry").status, 200);
  EXPECT_EQ(admin_post("/admin/api/tasks/nope/retry").status, 404);
  EXPECT_EQ(admin_post("/admin/api/tasks/nope/cancel").status, 404);
}

TEST_F(AdminActionsTest, ARetryWakesTheWorkers) {
  plant("wake-1", spec(), now_ - 9000, TaskStatus::kFailed);
  // Workers run; the planted task's input is the fixture's clip, so a retried run succeeds.
  start_admin();
  auto retried = admin_post("/admin/api/tasks/wake-1/retry");
  ASSERT_EQ(retried.status, 200) << retried.body;
  std::string status;
  for (int i = 0; i < 300 && status != "SUCCEEDED" && status != "FAILED"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    status = parse(admin_get("/admin/api/tasks/wake-1").body)["task"]["status"].GetString();
  }
  EXPECT_EQ(status, "SUCCEEDED");
}

TEST_F(AdminActionsTest, BulkActsOnlyWhenTheConfirmedCountStillHolds) {
  for (int i = 0; i < 5; ++i) plant("f" + std::to_string(i), spec("app-1"), now_ - 20000 + i, TaskStatus::kFailed);
  plant("c0", spec("app-1"), now_ - 10000, TaskStatus::kCanceled);
  plant("q0", spec("app-1"), now_ - 9000);
  plant("q1", spec("app-2"), now_ - 8000);
  plant("q2", spec("app-2"), now_ - 7000);
  start_admin(kQuietServer);
  EXPECT_EQ(parse(admin_get("/admin/api/tasks/count?action=retry&app=app-1").body)["count"].GetInt64(), 6);

  // The page showed 5, but 6 match: nothing is done, and the answer says how many match now.
  auto stale = admin_post("/admin/api/tasks/bulk", R"({"action":"retry","filter":{"app":"app-1"},"expect":5})");
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(error_code(stale), "conflict");
  EXPECT_EQ(parse(stale.body)["count"].GetInt64(), 6);
  EXPECT_EQ(status_of("f0"), TaskStatus::kFailed);

  auto done = admin_post("/admin/api/tasks/bulk", R"({"action":"retry","filter":{"app":"app-1"},"expect":6})");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.body, R"({"done":6,"skipped":0})");
  for (const char* id : {"f0", "f1", "f2", "f3", "f4", "c0"}) EXPECT_EQ(status_of(id), TaskStatus::kQueued) << id;

  // Cancel by ids and status; a filter of one app's queued tasks.
  auto by_ids = admin_post("/admin/api/tasks/bulk",
                           R"({"action":"cancel","filter":{"id":["q1","q0","f0","missing"],"status":"QUEUED"},"expect":3})");
  ASSERT_EQ(by_ids.status, 200) << by_ids.body;
  EXPECT_EQ(by_ids.body, R"({"done":3,"skipped":0})");
  EXPECT_EQ(status_of("q2"), TaskStatus::kQueued);
  auto window = admin_post("/admin/api/tasks/bulk", R"({"action":"cancel","filter":{"from":)" +
                                                        std::to_string(now_ - 7000) + R"(,"to":")" +
                                                        std::to_string(now_ - 6999) + R"("},"expect":1})");
  ASSERT_EQ(window.status, 200) << window.body;
  EXPECT_EQ(status_of("q2"), TaskStatus::kCanceled);
  // The retried tasks are queued again: five of them, whatever the page believed.
  auto rest = admin_post("/admin/api/tasks/bulk", R"({"action":"cancel","filter":{},"expect":0})");
  EXPECT_EQ(rest.status, 409);
  EXPECT_EQ(parse(rest.body)["count"].GetInt64(), 5);
  EXPECT_EQ(admin_post("/admin/api/tasks/bulk", R"({"action":"cancel","filter":{},"expect":5})").body,
            R"({"done":5,"skipped":0})");
  // Nothing left to cancel: expect 0 is a no-op.
  EXPECT_EQ(admin_post("/admin/api/tasks/bulk", R"({"action":"cancel","filter":{},"expect":0})").body,
            R"({"done":0,"skipped":0})");
}

TEST_F(AdminActionsTest, BulkRefusesMoreThanTenThousandAndBadBodies) {
  std::vector<std::string> planted;
  for (int i = 0; i < 10001; ++i) planted.push_back("b" + std::to_string(100000 + i));
  ASSERT_NO_FATAL_FAILURE(create_many(planted, spec(), now_ - 100000));
  start_admin(kQuietServer);
  auto big = admin_post("/admin/api/tasks/bulk", R"({"action":"cancel","filter":{},"expect":10001})");
  EXPECT_EQ(big.status, 400) << big.body;
  EXPECT_NE(big.body.find("at most 10000"), std::string::npos) << big.body;
  EXPECT_EQ(parse(big.body)["count"].GetInt64(), 10001);
  EXPECT_EQ(status_of("b100000"), TaskStatus::kQueued);
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"", "body"},
      {"[]", "body"},
      {R"({"action":"delete","filter":{},"expect":1})", "action"},
      {R"({"filter":{},"expect":1})", "action"},
      {R"({"action":"cancel","expect":1})", "filter"},
      {R"({"action":"cancel","filter":[],"expect":1})", "filter"},
      {R"({"action":"cancel","filter":{"evil":1},"expect":1})", "filter.evil"},
      {R"({"action":"cancel","filter":{"status":"DONE"},"expect":1})", "filter.status"},
      {R"({"action":"cancel","filter":{"from":"x"},"expect":1})", "filter.from"},
      {R"({"action":"cancel","filter":{"app":5},"expect":1})", "filter.app"},
      {R"({"action":"cancel","filter":{"id":[1]},"expect":1})", "filter.id"},
      {R"({"action":"cancel","filter":{},"expect":-1})", "expect"},
      {R"({"action":"cancel","filter":{},"expect":"10001"})", "expect"},
      {R"({"action":"cancel","filter":{},"expect":1.5})", "expect"},
      {R"({"action":"cancel","filter":{},"expect":1,"force":true})", "body.force"},
  };
  for (const auto& [body, field] : bad) {
    auto res = admin_post("/admin/api/tasks/bulk", body);
    EXPECT_EQ(res.status, 400) << body << " " << res.body;
    const std::string message = parse(res.body)["error"]["message"].GetString();
    EXPECT_EQ(message.rfind(field + ":", 0), 0u) << body << " -> " << message;
  }
  std::string ids;
  for (int i = 0; i < 101; ++i) ids += std::string(i ? "," : "") + "\"b" + std::to_string(100000 + i) + "\"";
  EXPECT_EQ(admin_post("/admin/api/tasks/bulk", R"({"action":"cancel","filter":{"id":[)" + ids + R"(]},"expect":101})").status,
            400);
  EXPECT_EQ(status_of("b100000"), TaskStatus::kQueued);
}

TEST_F(AdminActionsTest, RedeliverAFinishedCallback) {
  auto& db = store();
  tasks::TaskSpec s = spec();
  s.callback_url = "http://127.0.0.1:9/cb";
  ASSERT_TRUE(db.create("cb-1", s, now_ - 5000));
  auto claimed = db.claim("w-1", now_ - 4000, 3'600'000);
  ASSERT_TRUE(claimed && *claimed);
  tasks::CallbackDelivery callback;
  callback.url = s.callback_url;
  callback.body = "{}";
  auto completed = db.complete("cb-1", "w-1", {}, now_ - 3000, callback);
  ASSERT_TRUE(completed && *completed);
  // One quick try that fails for good (port 9 refuses), so the delivery ends up failed.
  retry_delays_ = "[]";
  start_admin(R"(,"workers":0)");
  int64_t callback_id = 0;
  std::string state;
  for (int i = 0; i < 200 && state != "failed"; ++i) {
    auto callbacks = outbox().callbacks_for("cb-1");
    ASSERT_TRUE(callbacks);
    ASSERT_EQ(callbacks->size(), 1u);
    callback_id = callbacks->front().id;
    state = callbacks->front().state;
    if (state != "failed") std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(state, "failed");
  const std::string path = "/admin/api/callbacks/" + std::to_string(callback_id) + "/redeliver";
  auto again = admin_post(path);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.body, R"({"ok":true})");
  // Pending again (or already tried again and failed: the sender was woken).
  auto detail = parse(admin_get("/admin/api/tasks/cb-1").body);
  EXPECT_GE(detail["callbacks"][0]["attempts"].GetInt(), 1);
  EXPECT_EQ(admin_post("/admin/api/callbacks/999999/redeliver").status, 404);
  for (const std::string bad : {"0", "-1", "abc", "1e3", "99999999999999999999999", "%00"}) {
    EXPECT_EQ(admin_post("/admin/api/callbacks/" + bad + "/redeliver").status, 404) << bad;
  }
  EXPECT_EQ(admin_get(path).status, 405);
}

TEST_F(AdminActionsTest, OverviewCountsTheLastHour) {
  plant("o-run", spec("app-1", "zego"), now_ - 60000, TaskStatus::kRunning);
  plant("o-fail", spec("app-1", "tencent_vod"), now_ - 50000, TaskStatus::kFailed);
  plant("o-ok", spec("app-2", "zego"), now_ - 40000, TaskStatus::kSucceeded);
  plant("o-old", spec("app-2", "zego"), now_ - 2 * 3'600'000);  // queued, created before the window
  plant("o-q", spec("app-2", "zego"), now_ - 30000);
  start_admin(R"(,"workers":0)");
  auto res = admin_get("/admin/api/overview");
  ASSERT_EQ(res.status, 200) << res.body;
  rapidjson::Document doc = parse(res.body);
  EXPECT_EQ(doc["window_ms"].GetInt64(), 3'600'000);
  EXPECT_GE(doc["now_ms"].GetInt64(), now_);
  const auto& by_status = doc["by_status"];
  EXPECT_EQ(by_status["QUEUED"].GetInt64(), 1);
  EXPECT_EQ(by_status["RUNNING"].GetInt64(), 1);
  EXPECT_EQ(by_status["SUCCEEDED"].GetInt64(), 1);
  EXPECT_EQ(by_status["FAILED"].GetInt64(), 1);
  EXPECT_EQ(by_status["CANCELED"].GetInt64(), 0);
  int64_t zego_rows = 0;
  for (const auto& row : doc["by_api"].GetArray()) {
    if (std::string(row["api"].GetString()) == "zego") zego_rows += row["count"].GetInt64();
  }
  EXPECT_EQ(zego_rows, 3);
  EXPECT_EQ(doc["queue_depth"].GetInt64(), 2);
  EXPECT_EQ(doc["workers"]["total"].GetInt(), 0);
  EXPECT_EQ(doc["workers"]["busy"].GetInt(), 0);
  EXPECT_EQ(doc["workers"]["idle"].GetInt(), 0);
  EXPECT_TRUE(doc["rate_limited"].IsArray());
  EXPECT_EQ(doc["callbacks"]["pending"].GetInt64(), 0);
  EXPECT_EQ(doc["callbacks"]["failed_last_hour"].GetInt64(), 0);
  ASSERT_TRUE(doc["engine"].IsArray());
  int64_t engine_tasks = 0;
  for (const auto& row : doc["engine"].GetArray()) engine_tasks += row["tasks"].GetInt64();
  EXPECT_EQ(engine_tasks, 2);  // o-fail and o-ok finished
}

TEST_F(AdminActionsTest, OverviewShowsTheAppsRefusedByRateLimits) {
  const std::string apps = R"([{"app_id":")" + kAppA.app_id + R"(","server_secret":")" + kAppA.server_secret +
                           R"(","requests_per_second":1}])";
  start(R"(,"admin":{"token":")" + kAdminToken + "\"}", apps);
  // One call per second is allowed: calls in quick succession are refused (Code 6), each tallied.
  int refused = 0;
  for (int i = 0; i < 20 && refused < 3; ++i) {
    if (code_of(call(kAppA, {{"Action", "DescribeMediaTask"}, {"Vendor", "Huawei"}, {"TaskId", "x"}})) == 6) ++refused;
  }
  ASSERT_EQ(refused, 3);
  auto res = admin_get("/admin/api/overview");
  ASSERT_EQ(res.status, 200);
  rapidjson::Document doc = parse(res.body);
  ASSERT_EQ(doc["rate_limited"].Size(), 1u) << res.body;
  EXPECT_STREQ(doc["rate_limited"][0]["vendor"].GetString(), "zego");
  EXPECT_NE(std::string(doc["rate_limited"][0]["app"].GetString()).find(kAppA.app_id), std::string::npos);
  EXPECT_EQ(doc["rate_limited"][0]["count"].GetInt64(), 3);
}

}  // namespace
}  // namespace tg::testing
