// The operator's view of the real server: /metrics scraped and parsed, /readyz, one JSON log line per
// request on the server's stderr, and `thumbgate tasks` on its database.

#include <rapidjson/document.h>
#include <sqlite3.h>

#include <chrono>
#include <map>
#include <memory>
#include <thread>
#include <set>
#include <regex>
#include <sstream>

#include "integration/gateway_fixture.hpp"
#include "support/cluster_mode.hpp"
#include "support/tool_command.hpp"

namespace tg::testing {
namespace {

class Observability : public GatewayFixture {
 protected:
  // /readyz until it answers `status`, for at most a minute (each probe against a locked database waits
  // SQLite's busy timeout, and so do the server's own writers); the last answer.
  HttpResult readyz_until(int status) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    HttpResult res = http_get(server_->base_url() + "/readyz");
    while (res.status != status && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      res = http_get(server_->base_url() + "/readyz");
    }
    return res;
  }

  // Sample lines of a scrape ("name{labels}" -> value); checks the exposition format on the way.
  std::map<std::string, double> scrape() {
    auto res = http_get(server_->base_url() + "/metrics");
    EXPECT_EQ(res.status, 200) << res.body;
    bool typed = false;
    for (const auto& [name, value] : res.headers) {
      if (name == "content-type") typed = value.rfind("text/plain; version=0.0.4", 0) == 0;
    }
    EXPECT_TRUE(typed);
    last_scrape_ = res.body;
    std::map<std::string, double> samples;
    std::set<std::string> helped, typed_names;
    static const std::regex sample(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? (\S+)$)");
    std::istringstream lines(res.body);
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("# HELP ", 0) == 0) {
        helped.insert(line.substr(7, line.find(' ', 7) - 7));
        continue;
      }
      if (line.rfind("# TYPE ", 0) == 0) {
        std::string rest = line.substr(7);
        std::string type = rest.substr(rest.find(' ') + 1);
        EXPECT_TRUE(type == "counter" || type == "gauge" || type == "histogram") << line;
        typed_names.insert(rest.substr(0, rest.find(' ')));
        continue;
      }
      std::smatch m;
      EXPECT_TRUE(std::regex_match(line, m, sample)) << "not a sample line: " << line;
      if (m.empty()) continue;
      std::string family = m[1].str();
      for (const char* suffix : {"_bucket", "_sum", "_count"}) {
        const std::string s(suffix);
        if (family.size() > s.size() && family.compare(family.size() - s.size(), s.size(), s) == 0 &&
            !typed_names.count(family)) {
          family = family.substr(0, family.size() - s.size());
        }
      }
      EXPECT_TRUE(typed_names.count(family) && helped.count(family)) << "no HELP/TYPE before " << line;
      samples[m[1].str() + m[2].str()] = std::stod(m[5].str());
    }
    return samples;
  }

  double value(const std::map<std::string, double>& samples, const std::string& key) {
    auto it = samples.find(key);
    return it == samples.end() ? 0 : it->second;
  }

  std::string thumbnails() {
    return call(kAppA, {{"Action", "MediaThumbnails"}, {"Vendor", "Huawei"}, {"FileId", "clip.mp4"},
                        {"Type", "SnapshotByTimeOffset"}, {"ExtTimeOffsetSet[]", "1"}});
  }

  std::string last_scrape_;
};

TEST_F(Observability, MetricsCountRequestsRejectionsAndFinishedTasks) {
  start();
  const auto before = scrape();
  const std::string zego_ok = R"(thumbgate_http_requests_total{vendor="zego",route="api",code="200"})";
  const std::string body = thumbnails();
  ASSERT_EQ(code_of(body), 0) << body;
  const std::string task_id = json_field(body, "Data.Huawei.task_id");
  ASSERT_FALSE(task_id.empty()) << body;
  // A bad signature: answered (by ZEGO's error shape) and counted under the same labels, no path in them.
  const ZegoCredentials forged{kAppA.app_id, "00000000000000000000000000000000"};
  auto forged_res = http_get(url(forged, {{"Action", "MediaThumbnails"}, {"Vendor", "Huawei"}, {"FileId", "clip.mp4"},
                                          {"Type", "SnapshotByTimeOffset"}, {"ExtTimeOffsetSet[]", "1"}}));
  EXPECT_NE(code_of(forged_res.body), 0) << forged_res.body;
  EXPECT_EQ(http_get(server_->base_url() + "/no/such/../route?Signature=abc").status, 404);
  // Requests the HTTP server cannot read are answered by it, and counted and logged all the same.
  EXPECT_EQ(http_request("G@T", server_->base_url() + "/?Signature=abc", "").status, 400);
  EXPECT_EQ(http_post(server_->base_url() + "/", std::string(3 << 20, 'x'), "text/plain").status, 413);
  wait_status(kAppA, "Huawei", task_id, {"SUCCEEDED", "FAILED"});

  const auto after = scrape();
  EXPECT_GE(value(after, zego_ok) - value(before, zego_ok), 2) << last_scrape_;  // submission + describes
  EXPECT_GE(value(after, R"(thumbgate_http_requests_total{vendor="gateway",route="metrics",code="200"})"), 1);
  EXPECT_EQ(value(after, R"(thumbgate_http_requests_total{vendor="gateway",route="not_found",code="404"})") -
                value(before, R"(thumbgate_http_requests_total{vendor="gateway",route="not_found",code="404"})"),
            1);
  for (const char* code : {"400", "413"}) {
    const std::string key =
        std::string(R"(thumbgate_http_requests_total{vendor="gateway",route="malformed",code=")") + code + "\"}";
    EXPECT_EQ(value(after, key) - value(before, key), 1) << key << "\n" << last_scrape_;
  }
  EXPECT_GE(value(after, R"(thumbgate_http_request_duration_seconds_count{vendor="zego",route="api"})"), 2);
  EXPECT_EQ(value(after, R"(thumbgate_http_request_duration_seconds_bucket{vendor="zego",route="api",le="+Inf"})"),
            value(after, R"(thumbgate_http_request_duration_seconds_count{vendor="zego",route="api"})"));
  EXPECT_EQ(value(after, R"(thumbgate_engine_seconds_count{type="SnapshotByTimeOffset"})"), 1) << last_scrape_;
  EXPECT_EQ(value(after, R"(thumbgate_task_transitions_total{transition="succeeded"})"), 1) << last_scrape_;
  EXPECT_EQ(value(after, R"(thumbgate_tasks{status="SUCCEEDED"})"), 1) << last_scrape_;
  EXPECT_EQ(value(after, "thumbgate_queue_depth"), 0);
  // Nothing of a request's path, query or credentials is in a label.
  for (const std::string& secret : {std::string("/no/such"), std::string("Signature"), std::string("abc\""),
                                    kAppA.server_secret, forged.server_secret, std::string("clip.mp4"), task_id}) {
    EXPECT_EQ(last_scrape_.find(secret), std::string::npos) << secret;
  }
}

TEST_F(Observability, RateLimitRejectionsAreCountedByVendor) {
  start("", R"([{"app_id":")" + kAppA.app_id + R"(","server_secret":")" + kAppA.server_secret +
                R"(","requests_per_second":1}])");
  for (int i = 0; i < 4; ++i) {
    http_get(url(kAppA, {{"Action", "DescribeMediaTask"}, {"Vendor", "Huawei"}, {"TaskId", "x"}}));
  }
  const auto samples = scrape();
  EXPECT_GE(value(samples, R"(thumbgate_rate_limited_total{vendor="zego"})"), 1) << last_scrape_;
}

TEST_F(Observability, ReadyzSaysWhichCheckFailsWhileTheDatabaseCannotBeWritten) {
  if (cluster_mode()) GTEST_SKIP() << "holds SQLite's write lock; the PostgreSQL store's probe is tested in tasks/";
  start();
  auto ready = http_get(server_->base_url() + "/readyz");
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_EQ(json_field(ready.body, "status"), "ready");

  // Another process holds the database's write lock: the probe's real write cannot get through.
  sqlite3* raw = nullptr;
  const int opened = sqlite3_open((dir_ + "/data/thumbgate.db").c_str(), &raw);
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> connection(raw, sqlite3_close);
  ASSERT_EQ(opened, SQLITE_OK);
  sqlite3* db = connection.get();
  // The server may be in the middle of a write of its own (its upkeep, the probe): wait for it.
  sqlite3_busy_timeout(db, 30000);
  ASSERT_EQ(sqlite3_exec(db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);
  // /readyz probes once a second at most: until the next probe, the last answer stands.
  auto locked = readyz_until(503);
  EXPECT_EQ(locked.status, 503) << locked.body;
  rapidjson::Document doc;
  doc.Parse(locked.body.c_str());
  ASSERT_TRUE(doc.IsObject() && doc.HasMember("failed") && doc["failed"].IsArray()) << locked.body;
  ASSERT_EQ(doc["failed"].Size(), 1u) << locked.body;
  EXPECT_STREQ(doc["failed"][0]["check"].GetString(), "database");
  EXPECT_EQ(locked.body.find(dir_), std::string::npos) << "a server path in " << locked.body;
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  connection.reset();

  EXPECT_EQ(http_get(server_->base_url() + "/healthz").status, 200);
  EXPECT_EQ(readyz_until(200).status, 200);
}

TEST_F(Observability, EachServedRequestIsOneJsonLogLineWithoutSecrets) {
  start(R"(,"log_level":"info")");
  const std::string body = thumbnails();
  ASSERT_EQ(code_of(body), 0) << body;
  const std::string task_id = json_field(body, "Data.Huawei.task_id");
  wait_status(kAppA, "Huawei", task_id, {"SUCCEEDED", "FAILED"});
  const std::string output = server_->output();
  int served = 0;
  bool claimed = false, succeeded = false, warned = false;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.front() != '{') continue;
    rapidjson::Document doc;
    doc.Parse(line.c_str());
    ASSERT_FALSE(doc.HasParseError()) << line;
    for (const char* key : {"time", "level", "message"}) ASSERT_TRUE(doc.HasMember(key)) << line;
    EXPECT_TRUE(std::regex_match(std::string(doc["time"].GetString()),
                                 std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
        << line;
    const std::string message = doc["message"].GetString();
    if (message == "request served") {
      ++served;
      for (const char* key : {"request_id", "method", "route", "vendor", "status", "duration_ms", "bytes"}) {
        EXPECT_TRUE(doc.HasMember(key)) << key << " missing in " << line;
      }
      EXPECT_STREQ(doc["vendor"].GetString(), "zego");
      EXPECT_STREQ(doc["route"].GetString(), "api");
      EXPECT_STREQ(doc["status"].GetString(), "200");
      // The front door adds what it knows: the app and the task.
      ASSERT_TRUE(doc.HasMember("app") && doc.HasMember("task_id")) << line;
      EXPECT_STREQ(doc["app"].GetString(), kAppA.app_id.c_str());
      EXPECT_STREQ(doc["task_id"].GetString(), task_id.c_str());
    }
    if (message == "task claimed" && doc.HasMember("task_id") && task_id == doc["task_id"].GetString()) claimed = true;
    // The fixture lets callbacks reach loopback: a valid config, and worth a warning at start.
    if (message == "config warning") {
      EXPECT_STREQ(doc["level"].GetString(), "warn");
      EXPECT_STREQ(doc["field"].GetString(), "outbound.allow_networks") << line;
      warned = true;
    }
    if (message == "task succeeded" && doc.HasMember("task_id") && task_id == doc["task_id"].GetString()) {
      succeeded = true;
      EXPECT_STREQ(doc["app"].GetString(), kAppA.app_id.c_str());
    }
  }
  EXPECT_GE(served, 2) << output;  // the submission and at least one DescribeMediaTask
  EXPECT_TRUE(claimed) << output;
  EXPECT_TRUE(succeeded) << output;
  EXPECT_TRUE(warned) << output;
  EXPECT_EQ(output.find(kAppA.server_secret), std::string::npos);
  EXPECT_EQ(output.find("Signature="), std::string::npos);
  EXPECT_EQ(output.find("SignatureNonce"), std::string::npos);
}

TEST_F(Observability, LogLevelWarnDropsRequestLinesAndABadLevelIsRefused) {
  start(R"(,"log_level":"warn")");
  EXPECT_EQ(http_get(server_->base_url() + "/healthz").status, 200);
  EXPECT_EQ(server_->output().find("request served"), std::string::npos);
  std::ofstream(dir_ + "/bad.json") << R"({"log_level":"verbose"})";
  auto bad = run_tool({TG_THUMBGATE_BIN, "serve", "--config", dir_ + "/bad.json"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("log_level"), std::string::npos) << bad.err;
}

// Usage is printed without a database: a newcomer asks before the gateway ever ran.
TEST_F(Observability, TasksAndSignHelpNeedNoDatabase) {
  const std::string config = dir_ + "/fresh.json";
  std::ofstream(config) << R"({"data_dir":")" << dir_ << R"(/never-started"})";
  auto tasks_help = run_tool({TG_THUMBGATE_BIN, "tasks", "--help", "--config", config});
  EXPECT_EQ(tasks_help.exit_code, 0) << tasks_help.err;
  EXPECT_EQ(tasks_help.out.rfind("usage: thumbgate tasks list", 0), 0u) << tasks_help.out;
  auto sign_help = run_tool({TG_THUMBGATE_BIN, "sign", "-h", "--config", config});
  EXPECT_EQ(sign_help.exit_code, 0) << sign_help.err;
  EXPECT_EQ(sign_help.out.rfind("usage: thumbgate sign", 0), 0u) << sign_help.out;
  auto bare = run_tool({TG_THUMBGATE_BIN, "tasks", "--config", config});
  EXPECT_EQ(bare.exit_code, 2);
  EXPECT_NE(bare.err.find("usage: thumbgate tasks"), std::string::npos) << bare.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/never-started"));
}

TEST_F(Observability, TasksCommandsListShowRetryAndCancel) {
  callback_url_ = "http://user:pw@127.0.0.1:1/cb?token=hush";
  start();
  const std::string ok = thumbnails();
  const std::string ok_id = json_field(ok, "Data.Huawei.task_id");
  // Not media at all: queued, then failed by the engine.
  std::ofstream(dir_ + "/media/broken.mp4") << std::string(4096, 'x');
  const std::string bad = call(kAppA, {{"Action", "MediaThumbnails"}, {"Vendor", "Huawei"}, {"FileId", "broken.mp4"},
                                       {"Type", "SnapshotByTimeOffset"}, {"ExtTimeOffsetSet[]", "1"}});
  const std::string bad_id = json_field(bad, "Data.Huawei.task_id");
  ASSERT_FALSE(ok_id.empty() || bad_id.empty()) << ok << bad;
  wait_status(kAppA, "Huawei", ok_id, {"SUCCEEDED", "FAILED"});
  wait_status(kAppA, "Huawei", bad_id, {"SUCCEEDED", "FAILED"});
  server_.reset();  // the commands work on the database alone
  const std::string config = dir_ + "/config.json";

  auto listed = run_tool({TG_THUMBGATE_BIN, "tasks", "list", "--config", config});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find(ok_id), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find(bad_id), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.rfind("ID", 0), 0u) << listed.out;
  auto succeeded = run_tool({TG_THUMBGATE_BIN, "tasks", "list", "--status", "SUCCEEDED", "--app", kAppA.app_id,
                             "--api", "zego", "--limit", "10", "--config", config});
  EXPECT_EQ(succeeded.exit_code, 0) << succeeded.err;
  EXPECT_NE(succeeded.out.find(ok_id), std::string::npos) << succeeded.out;
  EXPECT_EQ(succeeded.out.find(bad_id), std::string::npos) << succeeded.out;
  EXPECT_EQ(run_tool({TG_THUMBGATE_BIN, "tasks", "list", "--status", "DONE", "--config", config}).exit_code, 2);
  EXPECT_EQ(run_tool({TG_THUMBGATE_BIN, "tasks", "list", "--limit", "0", "--config", config}).exit_code, 2);

  auto shown = run_tool({TG_THUMBGATE_BIN, "tasks", "show", ok_id, "--config", config});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  rapidjson::Document doc;
  doc.Parse(shown.out.c_str());
  ASSERT_FALSE(doc.HasParseError()) << shown.out;
  EXPECT_STREQ(doc["id"].GetString(), ok_id.c_str());
  EXPECT_STREQ(doc["status"].GetString(), "SUCCEEDED");
  EXPECT_GE(doc["outputs"].Size(), 1u);
  ASSERT_GE(doc["callbacks"].Size(), 1u) << shown.out;
  // The request as received: every parameter in order, the signature's value replaced.
  ASSERT_TRUE(doc["request"].IsObject()) << shown.out;
  EXPECT_STREQ(doc["request"]["method"].GetString(), "GET");
  std::map<std::string, std::string> received;
  for (const auto& pair : doc["request"]["query"].GetArray()) received[pair[0].GetString()] = pair[1].GetString();
  EXPECT_EQ(received["Action"], "MediaThumbnails");
  EXPECT_EQ(received["AppId"], kAppA.app_id);
  EXPECT_EQ(received["FileId"], "clip.mp4");
  EXPECT_EQ(received["Signature"], "***");
  EXPECT_FALSE(received["SignatureNonce"].empty());
  // The operator sees the input (a path on the server) but no credential.
  for (const std::string& secret : {std::string("hush"), std::string("user:pw"), kAppA.server_secret,
                                    std::string("cbsecret")}) {
    EXPECT_EQ(shown.out.find(secret), std::string::npos) << secret << " in " << shown.out;
  }
  EXPECT_EQ(run_tool({TG_THUMBGATE_BIN, "tasks", "show", "nope", "--config", config}).exit_code, 1);

  // A succeeded task is not retried; the failed one is, from scratch.
  EXPECT_EQ(run_tool({TG_THUMBGATE_BIN, "tasks", "retry", ok_id, "--config", config}).exit_code, 1);
  auto failed = run_tool({TG_THUMBGATE_BIN, "tasks", "show", bad_id, "--config", config});
  doc.Parse(failed.out.c_str());
  ASSERT_FALSE(doc.HasParseError()) << failed.out;
  ASSERT_STREQ(doc["status"].GetString(), "FAILED") << failed.out;
  auto retried = run_tool({TG_THUMBGATE_BIN, "tasks", "retry", bad_id, "--config", config});
  EXPECT_EQ(retried.exit_code, 0) << retried.err;
  auto requeued = run_tool({TG_THUMBGATE_BIN, "tasks", "show", bad_id, "--config", config});
  doc.Parse(requeued.out.c_str());
  EXPECT_STREQ(doc["status"].GetString(), "QUEUED") << requeued.out;
  EXPECT_EQ(doc["attempts"].GetInt(), 0);
  // Queued again: it can be canceled, once.
  EXPECT_EQ(run_tool({TG_THUMBGATE_BIN, "tasks", "cancel", bad_id, "--config", config}).exit_code, 0);
  auto again = run_tool({TG_THUMBGATE_BIN, "tasks", "cancel", bad_id, "--config", config});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("CANCELED"), std::string::npos) << again.err;
  EXPECT_EQ(run_tool({TG_THUMBGATE_BIN, "tasks", "frob", "--config", config}).exit_code, 2);
}

// `thumbgate sign` prints URLs the running server accepts: a ZEGO submission and its DescribeMediaTask, and a
// Tencent VOD v2 call signed over the Host of public_base_url.
TEST_F(Observability, SignPrintsUrlsTheServerAccepts) {
  const std::string vod_keys = R"(,"tencent_vod":{"secrets":[{"secret_id":"AKIDsign0000000000000000000000000000",)"
                               R"("secret_key":"Gu5t9xGARNpq86cd98joQYCN3Cozk1qA"}]})";
  start(vod_keys);
  // The CLI's config: the same apps and keys, and the address the server got.
  std::string cli_config;
  {
    std::ifstream in(dir_ + "/config.json");
    std::stringstream text;
    text << in.rdbuf();
    cli_config = text.str();
  }
  cli_config.insert(cli_config.size() - 1, R"(,"public_base_url":")" + server_->base_url() + "\"");
  std::ofstream(dir_ + "/cli.json") << cli_config;
  const std::string config = dir_ + "/cli.json";
  auto signed_url = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {TG_THUMBGATE_BIN, "sign"});
    args.insert(args.end(), {"--config", config});
    auto res = run_tool(args);
    EXPECT_EQ(res.exit_code, 0) << res.err;
    std::string url = res.out;
    while (!url.empty() && url.back() == '\n') url.pop_back();
    EXPECT_EQ(url.rfind(server_->base_url(), 0), 0u) << url;
    return url;
  };

  auto submitted = http_get(signed_url({"zego", "MediaThumbnails", "Vendor=Huawei", "FileId=clip.mp4",
                                        "Type=SnapshotByTimeOffset", "ExtTimeOffsetSet[]=1", "--app", kAppA.app_id}));
  ASSERT_EQ(submitted.status, 200);
  ASSERT_EQ(code_of(submitted.body), 0) << submitted.body;
  const std::string task_id = json_field(submitted.body, "Data.Huawei.task_id");
  auto described = http_get(signed_url({"zego", "DescribeMediaTask", "Vendor=Huawei", "TaskId=" + task_id}));
  EXPECT_EQ(code_of(described.body), 0) << described.body;
  EXPECT_EQ(json_field(described.body, "Data.Huawei.TaskId"), task_id) << described.body;

  auto vod = http_get(signed_url({"tencent_vod", "CreateSnapshotByTimeOffset", "Region=gz",
                                  "fileId=1397757897438985100", "definition=20", "timeOffset.0=1000"}));
  EXPECT_EQ(vod.status, 200);
  EXPECT_EQ(json_field(vod.body, "code"), "0") << vod.body;

  EXPECT_EQ(run_tool({TG_THUMBGATE_BIN, "sign", "zego", "DescribeMediaTask", "--app", "999", "--config", config})
                .exit_code,
            1);
  EXPECT_EQ(run_tool({TG_THUMBGATE_BIN, "sign", "zego", "Frob", "--config", config}).exit_code, 2);
  EXPECT_EQ(run_tool({TG_THUMBGATE_BIN, "sign", "nobody", "X", "--config", config}).exit_code, 2);
}

}  // namespace
}  // namespace tg::testing
