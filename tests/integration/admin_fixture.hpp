#pragma once
// The real server with its admin console: sign-in helpers, admin API calls with a cookie or the bearer token,
// and rows planted in the task database before the server starts (or beside it).

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "integration/gateway_store.hpp"
#include "core/clock.hpp"
#include "core/private_dirs.hpp"
#include "gateway_fixture.hpp"
#include "support/http_client.hpp"
#include "tasks/sqlite_task_store.hpp"

namespace tg::testing {

inline const std::string kAdminToken = "admin-token-0123456789-abcdefgh";
// No workers (planted tasks stay as planted) and no retention (old planted tasks are not deleted).
inline const std::string kQuietServer = R"(,"workers":0,"retention_hours":0)";

struct AdminSession {
  std::string cookie;  // the tg_admin cookie's value
  std::string csrf;
};

class AdminFixture : public GatewayFixture {
 protected:
  /// Starts the server with the admin token `kAdminToken` and `extra` config members.
  void start_admin(const std::string& extra = "", const std::string& admin_members = "") {
    start(R"(,"admin":{"token":")" + kAdminToken + "\"" + admin_members + "}" + extra);
  }

  /// Starts the server listening on `listen` (the fixture's config otherwise) with `extra` config members.
  void start_on(const std::string& listen, const std::string& extra) {
    std::string config = R"({"listen":")" + listen + R"(","data_dir":")" + dir_ + R"(/data","media_root":")" + dir_ +
                         R"(/media","lease_ms":2000,"callback_retry_delays_ms":)" + retry_delays_ + "," +
                         R"("media":)" + media_json_ + R"(,"apps":)" + apps_json() + outbound_json_ + extra + "}";
    std::ofstream(dir_ + "/config.json") << config;
    restart();
  }

  /// The task database, opened beside the server (or before it starts: the data folder is made).
  tasks::TaskStore& store() {
    if (!store_) {
      EXPECT_TRUE(create_private_directories(dir_ + "/data"));
      store_ = GatewayStore::open(dir_ + "/data");
      if (!store_) throw std::runtime_error("cannot open the task database");
    }
    return store_.tasks();
  }
  /// Queued tasks with these ids, all created at `now_ms`, in one transaction (thousands of rows in the time
  /// of a few commits).
  void create_many(const std::vector<std::string>& ids, const tasks::TaskSpec& spec, int64_t now_ms) {
    std::vector<tasks::EnqueueRequest> requests;
    requests.reserve(ids.size());
    for (const std::string& id : ids) requests.push_back({id, spec, {}});
    auto stored = store().enqueue_many(requests, now_ms);
    ASSERT_TRUE(stored) << "cannot store " << ids.size() << " tasks";
    ASSERT_EQ(stored->size(), ids.size());
    for (const auto& one : *stored) ASSERT_EQ(one.outcome, tasks::Enqueued::Outcome::kQueued);
  }
  tasks::CallbackOutbox& outbox() {
    store();
    return store_.outbox();
  }

  std::string admin_url(const std::string& path) const { return server_->base_url() + path; }

  static std::string cookie_of(const HttpResult& res) {
    const std::string set = res.header("set-cookie");
    const std::size_t eq = set.find('=');
    const std::size_t end = set.find(';');
    return eq == std::string::npos ? "" : set.substr(eq + 1, end - eq - 1);
  }

  AdminSession sign_in(const std::string& base = "") {
    auto res = http_post((base.empty() ? server_->base_url() : base) + "/admin/api/session",
                         R"({"token":")" + kAdminToken + "\"}", "application/json");
    EXPECT_EQ(res.status, 200) << res.body;
    return AdminSession{cookie_of(res), string_member(res.body, "csrf")};
  }

  static std::vector<std::string> cookie_headers(const AdminSession& session, bool with_csrf) {
    std::vector<std::string> headers{"Cookie: tg_admin=" + session.cookie};
    if (with_csrf) headers.push_back("X-CSRF-Token: " + session.csrf);
    return headers;
  }

  static std::vector<std::string> bearer() { return {"Authorization: Bearer " + kAdminToken}; }

  /// GET with the bearer token.
  HttpResult admin_get(const std::string& path) { return http_get(admin_url(path), bearer()); }
  /// POST with the bearer token.
  HttpResult admin_post(const std::string& path, const std::string& body = "") {
    return http_post(admin_url(path), body, "application/json", bearer());
  }

  static rapidjson::Document parse(const std::string& body) {
    rapidjson::Document doc;
    doc.Parse(body.c_str());
    EXPECT_FALSE(doc.HasParseError()) << body;
    return doc;
  }

  static std::string string_member(const std::string& body, const char* name) {
    rapidjson::Document doc = parse(body);
    if (!doc.IsObject() || !doc.HasMember(name) || !doc[name].IsString()) return "";
    return doc[name].GetString();
  }

  static std::string error_code(const HttpResult& res) {
    rapidjson::Document doc = parse(res.body);
    if (!doc.IsObject() || !doc.HasMember("error") || !doc["error"].IsObject()) return "";
    return doc["error"]["code"].GetString();
  }

  /// The ids in a task list answer, in order.
  static std::vector<std::string> ids_of(const std::string& body) {
    std::vector<std::string> ids;
    rapidjson::Document doc = parse(body);
    if (!doc.IsObject() || !doc.HasMember("tasks")) return ids;
    for (const auto& task : doc["tasks"].GetArray()) ids.emplace_back(task["id"].GetString());
    return ids;
  }

  /// A task spec for planting: a local input under the test's media folder.
  tasks::TaskSpec spec(const std::string& app = "app-1", const std::string& api = "zego",
                       const std::string& source = "clip.mp4") const {
    tasks::TaskSpec s;
    s.app_id = app;
    s.api = api;
    s.vendor = "tencent";
    s.type = "SnapshotByTimeOffset";
    s.source_id = source;
    s.input = dir_ + "/media/" + source;
    s.job.params = tasks::SnapshotJob{};
    s.job.as<tasks::SnapshotJob>().times = {tasks::RequestedTime::at_ms(1000)};
    s.job.name_pattern = "{n}.jpg";
    return s;
  }

  /// Plants a task and moves it to `status` (through claim/fail/complete/cancel as a worker would).
  tasks::TaskRecord plant(const std::string& id, const tasks::TaskSpec& s, int64_t created_ms,
                          tasks::TaskStatus status = tasks::TaskStatus::kQueued) {
    auto& db = store();
    auto made = db.create(id, s, created_ms);
    EXPECT_TRUE(made) << (made ? "" : made.error().message);
    if (status == tasks::TaskStatus::kCanceled) {
      auto canceled = db.cancel(id, created_ms + 5);
      EXPECT_TRUE(canceled && *canceled) << id;
    }
    if (status == tasks::TaskStatus::kRunning || status == tasks::TaskStatus::kFailed ||
        status == tasks::TaskStatus::kSucceeded) {
      // Claims take the oldest queued task: plant these before any other queued one.
      // The lease lasts an hour from now, so that the server's maintenance loop leaves a RUNNING task running.
      const int64_t lease_ms = SystemClock().now_ms() - created_ms + 3'600'000;
      auto claimed = db.claim("planter-1", created_ms + 1, lease_ms);
      EXPECT_TRUE(claimed && *claimed && (**claimed).id == id) << "claim took another task than " << id;
      if (status == tasks::TaskStatus::kFailed) {
        auto failed = db.fail(id, "planter-1", "not_found", "cannot open " + s.input, created_ms + 2, std::nullopt);
        EXPECT_TRUE(failed && *failed) << id;
      }
      if (status == tasks::TaskStatus::kSucceeded) {
        auto completed = db.complete(id, "planter-1", {}, created_ms + 2, std::nullopt);
        EXPECT_TRUE(completed && *completed) << id;
      }
    }
    auto got = db.get(id);
    return got && *got ? **got : tasks::TaskRecord{};
  }

  GatewayStore store_;
};

}  // namespace tg::testing
