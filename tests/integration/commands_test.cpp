// The thumbgate command line around the server: --version, invalid configs, `media add`, `config schema`.

#include <fstream>
#include <sstream>

#include "integration/gateway_fixture.hpp"
#include "support/cluster_mode.hpp"
#include "support/tool_command.hpp"

namespace tg::testing {
namespace {

class Commands : public GatewayFixture {};

TEST_F(Commands, VersionAndUsage) {
  auto version = run_tool({TG_THUMBGATE_BIN, "--version"});
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("thumbgate ", 0), 0u) << version.out;
  auto unknown = run_tool({TG_THUMBGATE_BIN, "frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown command"), std::string::npos) << unknown.err;
  auto none = run_tool({TG_THUMBGATE_BIN});
  EXPECT_EQ(none.exit_code, 2);
}

TEST_F(Commands, ConfigSchemaPrintsTheCommittedSchema) {
  auto schema = run_tool({TG_THUMBGATE_BIN, "config", "schema"});
  EXPECT_EQ(schema.exit_code, 0) << schema.err;
  std::ifstream in(std::string(TG_SOURCE_DIR) + "/schemas/config.schema.json", std::ios::binary);
  std::stringstream committed;
  committed << in.rdbuf();
  EXPECT_TRUE(schema.out == committed.str()) << "regenerate: build/gateway/thumbgate config schema > "
                                                "schemas/config.schema.json";
  auto stray = run_tool({TG_THUMBGATE_BIN, "config", "schema", "--config", "x.json"});
  EXPECT_EQ(stray.exit_code, 2);
  EXPECT_NE(stray.err.find("usage: thumbgate config schema"), std::string::npos) << stray.err;
  auto usage = run_tool({TG_THUMBGATE_BIN, "--help"});
  EXPECT_NE(usage.out.find("thumbgate config schema"), std::string::npos) << usage.out;
}

TEST_F(Commands, InvalidConfigExitsNonZeroNamingTheField) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"apps":[{"app_id":"1","server_secret":"9193cc662a4c0ec135ec71fb57194b38","requests_per_second":0}]})",
       "apps[0].requests_per_second"},
      {R"({"workers":"two"})", "workers"},
      {R"({"apps":[{"app_id":"1","server_secret":"9193cc662a4c0ec135ec71fb57194b38","callback_secret":"s",)"
       R"("callback_url":"http://169.254.169.254/latest/meta-data"}]})",
       "apps[0].callback_url"},
      {R"({"listen":"nowhere"})", "listen"},
      {R"({"no_such_field":1})", "no_such_field"},
      {R"({"apps":[)", ""},
  };
  for (const auto& [config, field] : cases) {
    std::ofstream(dir_ + "/bad.json", std::ios::trunc) << config;
    auto res = run_tool({TG_THUMBGATE_BIN, "serve", "--config", dir_ + "/bad.json"});
    EXPECT_EQ(res.exit_code, 1) << config << "\n" << res.err;
    EXPECT_NE(res.err.find("invalid config"), std::string::npos) << res.err;
    EXPECT_NE(res.err.find(field), std::string::npos) << "expected " << field << " in: " << res.err;
  }
  auto missing = run_tool({TG_THUMBGATE_BIN, "serve", "--config", dir_ + "/does-not-exist.json"});
  EXPECT_EQ(missing.exit_code, 1);
}

TEST_F(Commands, MediaAddOfAnAbsolutePathSaysSourcesAreRelativeToMediaRoot) {
  std::string config = R"({"listen":"127.0.0.1:0","data_dir":")" + dir_ + R"(/data","media_root":")" + dir_ +
                       R"(/media","apps":)" + apps_json() + "}";
  std::ofstream(dir_ + "/config.json") << config;
  ASSERT_TRUE(std::filesystem::is_regular_file(dir_ + "/media/rec/a.mp4"));
  auto inside = run_tool({TG_THUMBGATE_BIN, "media", "add", "x", dir_ + "/media/rec/a.mp4", "--config",
                          dir_ + "/config.json"});
  EXPECT_EQ(inside.exit_code, 1);
  EXPECT_NE(inside.err.find("sources are paths relative to media_root"), std::string::npos) << inside.err;
  EXPECT_NE(inside.err.find("use a path relative to media_root, like rec/a.mp4"), std::string::npos) << inside.err;
  auto outside = run_tool({TG_THUMBGATE_BIN, "media", "add", "y", dir_ + "/config.json", "--config",
                           dir_ + "/config.json"});
  EXPECT_EQ(outside.exit_code, 1);
  EXPECT_NE(outside.err.find("sources are paths relative to media_root"), std::string::npos) << outside.err;
  EXPECT_NE(outside.err.find("not under media_root"), std::string::npos) << outside.err;
}

TEST_F(Commands, MediaAddFillsTheTableTencentFileIdsResolveThrough) {
  std::string config = R"({"listen":"127.0.0.1:0","data_dir":")" + dir_ + R"(/data","media_root":")" + dir_ +
                       R"(/media","apps":)" + apps_json() + "}";
  std::ofstream(dir_ + "/config.json") << config;
  point_config_at_cluster(dir_ + "/config.json", dir_);  // the command and the server share the database
  auto added = run_tool({TG_THUMBGATE_BIN, "media", "add", "5285890781234567", "rec/a.mp4", "--config",
                         dir_ + "/config.json"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  auto outside = run_tool({TG_THUMBGATE_BIN, "media", "add", "x", "../config.json", "--config", dir_ + "/config.json"});
  EXPECT_EQ(outside.exit_code, 1);
  auto missing = run_tool({TG_THUMBGATE_BIN, "media", "add", "y", "nope.mp4", "--config", dir_ + "/config.json"});
  EXPECT_EQ(missing.exit_code, 1);
  auto url = run_tool({TG_THUMBGATE_BIN, "media", "add", "z", "https://example.invalid/v.mp4", "--config",
                       dir_ + "/config.json"});
  EXPECT_EQ(url.exit_code, 0) << url.err;
  // URLs the workers must not connect to are refused before they are stored.
  const std::pair<std::string, std::string> refused[] = {
      {"HTTP://example.invalid/a.mp4", "lowercase"},
      {"http:///a.mp4", "no host"},
      {"http://169.254.169.254/latest/meta-data", "not a public address"},
      {"http://127.0.0.1:9000/a.mp4", "not a public address"},
  };
  for (const auto& [source, why] : refused) {
    auto bad = run_tool({TG_THUMBGATE_BIN, "media", "add", "bad", source, "--config", dir_ + "/config.json"});
    EXPECT_EQ(bad.exit_code, 1) << source;
    EXPECT_NE(bad.err.find(why), std::string::npos) << source << ": " << bad.err;
  }

  restart();
  // None of the refused sources was stored: the id is still an (absent) object path.
  std::string bad = call(kAppA, {{"Action", "MediaThumbnails"}, {"Vendor", "Tencent"}, {"FileId", "bad"},
                                 {"Type", "SnapshotByTimeOffset"}, {"Definition", "10"}, {"ExtTimeOffsetSet[]", "1"}});
  EXPECT_NE(code_of(bad), 0) << bad;
  std::string body = call(kAppA, {{"Action", "MediaThumbnails"}, {"Vendor", "Tencent"}, {"FileId", "5285890781234567"},
                                  {"Type", "SnapshotByTimeOffset"}, {"Definition", "10"}, {"ExtTimeOffsetSet[]", "1"}});
  ASSERT_EQ(code_of(body), 0) << body;
  std::string done = wait_status(kAppA, "Tencent", json_field(body, "Data.Tencent.TaskId"), {"FINISH", "FAIL"});
  EXPECT_EQ(json_field(done, "Data.Tencent.Status"), "FINISH") << done;
  EXPECT_EQ(json_field(done, "Data.Tencent.FileId"), "5285890781234567") << done;
}

}  // namespace
}  // namespace tg::testing
