// The admin task list and count over HTTP: every filter, keyset paging past 10,000 rows both ways, and
// parameters an attacker (or a typo) gets wrong.

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "admin_fixture.hpp"
#include "signing/digest.hpp"

namespace tg::testing {
namespace {

constexpr int64_t kT0 = 1'700'000'000'000;

class AdminTasksTest : public AdminFixture {
 protected:
  // Tasks of two apps, three APIs, two sources and every status, created a second apart (ids in creation order).
  void plant_mix() {
    using S = tasks::TaskStatus;
    // Claimed ones first: a claim takes the oldest queued task.
    plant("m01", spec("app-1", "zego", "clip.mp4"), kT0 + 1000, S::kRunning);
    plant("m02", spec("app-2", "zego", "rec/a.mp4"), kT0 + 2000, S::kFailed);
    plant("m03", spec("app-1", "tencent_vod", "clip.mp4"), kT0 + 3000, S::kSucceeded);
    plant("m04", spec("app-2", "tencent_vod", "rec/a.mp4"), kT0 + 4000, S::kFailed);
    plant("m05", spec("app-1", "huawei_mpc", "clip.mp4"), kT0 + 5000, S::kCanceled);
    plant("m06", spec("app-2", "huawei_mpc", "clip.mp4"), kT0 + 6000, S::kQueued);
    plant("m07", spec("app-1", "zego", "rec/a.mp4"), kT0 + 7000, S::kQueued);
    plant("m08", spec("app-1", "zego", "clip.mp4"), kT0 + 8000, S::kCanceled);
  }

  std::vector<std::string> list(const std::string& query) {
    auto res = admin_get("/admin/api/tasks" + query);
    EXPECT_EQ(res.status, 200) << query << " " << res.body;
    return ids_of(res.body);
  }

  int64_t count(const std::string& query) {
    auto res = admin_get("/admin/api/tasks/count" + query);
    EXPECT_EQ(res.status, 200) << query << " " << res.body;
    rapidjson::Document doc = parse(res.body);
    return doc.IsObject() && doc.HasMember("count") ? doc["count"].GetInt64() : -1;
  }

  using Ids = std::vector<std::string>;
};

TEST_F(AdminTasksTest, EveryFilterSelectsExactlyItsTasks) {
  plant_mix();
  start_admin(kQuietServer);
  const std::vector<std::pair<std::string, Ids>> cases = {
      {"", {"m08", "m07", "m06", "m05", "m04", "m03", "m02", "m01"}},
      {"?order=oldest", {"m01", "m02", "m03", "m04", "m05", "m06", "m07", "m08"}},
      {"?order=newest&limit=3", {"m08", "m07", "m06"}},
      {"?app=app-2", {"m06", "m04", "m02"}},
      {"?api=tencent_vod", {"m04", "m03"}},
      {"?source=rec%2Fa.mp4", {"m07", "m04", "m02"}},
      {"?status=FAILED", {"m04", "m02"}},
      {"?status=canceled", {"m08", "m05"}},
      {"?status=RUNNING", {"m01"}},
      {"?from=" + std::to_string(kT0 + 3000) + "&to=" + std::to_string(kT0 + 6000), {"m05", "m04", "m03"}},
      {"?from=" + std::to_string(kT0 + 7000), {"m08", "m07"}},
      {"?to=" + std::to_string(kT0 + 2000), {"m01"}},
      {"?id=m03&id=m07&id=nope", {"m07", "m03"}},
      {"?app=app-1&status=QUEUED", {"m07"}},
      {"?app=app-1&api=zego&source=clip.mp4", {"m08", "m01"}},
      {"?app=&api=&status=&source=&from=&to=&id=&cursor=", {"m08", "m07", "m06", "m05", "m04", "m03", "m02", "m01"}},
      {"?app=nobody", {}},
  };
  for (const auto& [query, expected] : cases) {
    EXPECT_EQ(list(query), expected) << query;
    const std::string count_query = query.find("limit") == std::string::npos ? query : "";
    if (!count_query.empty() || query.empty()) {
      EXPECT_EQ(count(count_query), static_cast<int64_t>(expected.size())) << query;
    }
  }
  // Counts for an action: only the tasks it applies to.
  EXPECT_EQ(count("?action=retry"), 4);  // m02, m04 failed; m05, m08 canceled
  EXPECT_EQ(count("?action=cancel"), 2);  // m06, m07 queued
  EXPECT_EQ(count("?action=retry&app=app-1"), 2);
  EXPECT_EQ(count("?action=retry&status=FAILED"), 2);
  EXPECT_EQ(count("?action=retry&status=QUEUED"), 0);
  EXPECT_EQ(count("?action=cancel&status=RUNNING"), 0);
}

TEST_F(AdminTasksTest, SummariesCarryTheContractsFields) {
  plant("s1", spec("app-9", "zego", "clip.mp4"), kT0, tasks::TaskStatus::kFailed);
  start_admin(kQuietServer);
  auto res = admin_get("/admin/api/tasks");
  ASSERT_EQ(res.status, 200);
  rapidjson::Document doc = parse(res.body);
  const auto& task = doc["tasks"][0];
  EXPECT_STREQ(task["id"].GetString(), "s1");
  EXPECT_STREQ(task["app_id"].GetString(), "app-9");
  EXPECT_STREQ(task["api"].GetString(), "zego");
  EXPECT_STREQ(task["vendor"].GetString(), "tencent");
  EXPECT_STREQ(task["type"].GetString(), "SnapshotByTimeOffset");
  EXPECT_STREQ(task["source_id"].GetString(), "clip.mp4");
  EXPECT_STREQ(task["status"].GetString(), "FAILED");
  EXPECT_EQ(task["progress"].GetInt(), 0);
  EXPECT_EQ(task["attempts"].GetInt(), 1);
  EXPECT_STREQ(task["error_code"].GetString(), "not_found");
  EXPECT_EQ(task["created_ms"].GetInt64(), kT0);
  EXPECT_EQ(task["started_ms"].GetInt64(), kT0 + 1);
  EXPECT_EQ(task["finished_ms"].GetInt64(), kT0 + 2);
  EXPECT_EQ(task.MemberCount(), 13u);
  EXPECT_EQ(res.header("content-type"), "application/json");
  EXPECT_EQ(res.header("cache-control"), "no-store");
  EXPECT_EQ(res.header("x-content-type-options"), "nosniff");
}

// Keyset pages of 200 over 10,050 tasks (many created in the same millisecond) visit every task exactly once,
// newest first and oldest first, while tasks keep being added at the new end.
TEST_F(AdminTasksTest, PagingVisitsEveryRowOnceBothWays) {
  constexpr int kRows = 10050;
  std::vector<std::string> planted;
  // Seventy tasks per millisecond, so that pages of 200 end inside a millisecond and the order has to break
  // ties by id; a third of them app-a's.
  constexpr int kPerMs = 70;
  for (int i = 0; i < kRows; i += kPerMs) {
    std::vector<std::string> of_a, of_b;
    for (int j = i; j < std::min(i + kPerMs, kRows); ++j) {
      const std::string id = "p" + std::to_string(100000 + j);
      (j % 3 == 0 ? of_a : of_b).push_back(id);
      planted.push_back(id);
    }
    ASSERT_NO_FATAL_FAILURE(create_many(of_a, spec("app-a"), kT0 + i / kPerMs));
    ASSERT_NO_FATAL_FAILURE(create_many(of_b, spec("app-b"), kT0 + i / kPerMs));
  }
  start_admin(kQuietServer);
  for (const std::string order : {"newest", "oldest"}) {
    std::vector<std::string> seen;
    std::string cursor;
    int pages = 0;
    for (;;) {
      auto res = admin_get("/admin/api/tasks?limit=200&order=" + order + (cursor.empty() ? "" : "&cursor=" + cursor));
      ASSERT_EQ(res.status, 200) << res.body;
      rapidjson::Document doc = parse(res.body);
      for (const auto& task : doc["tasks"].GetArray()) seen.emplace_back(task["id"].GetString());
      ++pages;
      if (order == "newest" && pages == 3) {
        // A task created meanwhile is newer than the cursor: it does not appear on later pages.
        ASSERT_TRUE(store().create("late", spec(), kT0 + kRows));
      }
      if (doc["next_cursor"].IsNull()) break;
      cursor = doc["next_cursor"].GetString();
      ASSERT_LE(pages, kRows / 200 + 2);
    }
    EXPECT_EQ(pages, (kRows + 199) / 200) << order;
    std::vector<std::string> expected = planted;
    if (order == "newest") {
      std::reverse(expected.begin(), expected.end());
    } else {
      expected.push_back("late");
    }
    EXPECT_EQ(seen.size(), expected.size()) << order;
    EXPECT_TRUE(seen == expected) << order;
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size()) << order;
  }
  // Paging with a filter: app-a's tasks, 3,350 of them.
  std::string cursor;
  int64_t app_a = 0;
  for (int pages = 0; pages < 100; ++pages) {
    auto res = admin_get("/admin/api/tasks?app=app-a&limit=200" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(res.status, 200);
    rapidjson::Document doc = parse(res.body);
    app_a += doc["tasks"].Size();
    if (doc["next_cursor"].IsNull()) break;
    cursor = doc["next_cursor"].GetString();
  }
  EXPECT_EQ(app_a, (kRows + 2) / 3);
  EXPECT_EQ(count("?app=app-a"), (kRows + 2) / 3);
}

TEST_F(AdminTasksTest, BadParametersAre400NamingTheParameter) {
  start_admin(kQuietServer);
  std::string many_ids;
  for (int i = 0; i < 101; ++i) many_ids += "&id=t" + std::to_string(i);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"?limit=0", "limit"},
      {"?limit=201", "limit"},
      {"?limit=-1", "limit"},
      {"?limit=99999999999999999999", "limit"},
      {"?limit=abc", "limit"},
      {"?limit=10&limit=20", "limit"},
      {"?order=sideways", "order"},
      {"?status=DONE", "status"},
      {"?status=QUEUED&status=FAILED", "status"},
      {"?from=yesterday", "from"},
      {"?from=-5", "from"},
      {"?to=1e12", "to"},
      {"?to=999999999999999999999", "to"},
      {"?cursor=not-a-cursor!", "cursor"},
      {"?cursor=" + signing::base64url_encode("no colon here"), "cursor"},
      {"?cursor=" + signing::base64url_encode("-1:x"), "cursor"},
      {"?cursor=" + std::string(2000, 'A'), "cursor"},
      {"?app=a%00b", "app"},
      {"?source=" + std::string(2000, 'x'), "source"},
      {many_ids, "id"},
  };
  for (const auto& [query, parameter] : cases) {
    const std::string q = query[0] == '&' ? "?" + query.substr(1) : query;
    auto res = admin_get("/admin/api/tasks" + q);
    EXPECT_EQ(res.status, 400) << q << " " << res.body;
    EXPECT_EQ(error_code(res), "bad_request") << q;
    rapidjson::Document doc = parse(res.body);
    const std::string message = doc["error"]["message"].GetString();
    EXPECT_EQ(message.rfind(parameter + ":", 0), 0u) << q << " -> " << message;
  }
  auto bad_action = admin_get("/admin/api/tasks/count?action=delete");
  EXPECT_EQ(bad_action.status, 400);
  EXPECT_NE(bad_action.body.find("action"), std::string::npos);
}

}  // namespace
}  // namespace tg::testing
