// A gateway killed in the middle of a task loses nothing: after a restart the lease runs out, the task
// goes back to the queue and finishes.

#include "integration/gateway_fixture.hpp"
#include "support/image_probe.hpp"

namespace tg::testing {
namespace {

class Restart : public GatewayFixture {};

TEST_F(Restart, TaskKilledMidwayFinishesAfterRestart) {
  std::filesystem::copy_file(long_clip(240), dir_ + "/media/long.mp4");
  start(R"(,"workers":1)");
  std::string body = call(kAppA, {{"Action", "MediaThumbnails"}, {"Vendor", "Huawei"}, {"FileId", "long.mp4"},
                                  {"Type", "SampleSnapshot"}, {"Interval", "1"}});
  ASSERT_EQ(code_of(body), 0) << body;
  std::string task_id = json_field(body, "Data.Huawei.task_id");
  std::string processing = wait_status(kAppA, "Huawei", task_id, {"PROCESSING", "SUCCEEDED", "FAILED"});
  ASSERT_EQ(json_field(processing, "Data.Huawei.Status"), "PROCESSING") << processing;

  server_->kill_hard();
  restart();
  std::string done = wait_status(kAppA, "Huawei", task_id, {"SUCCEEDED", "FAILED"});
  ASSERT_EQ(json_field(done, "Data.Huawei.Status"), "SUCCEEDED") << done;
  auto names = json_strings(done, "Data.Huawei.FileName");
  ASSERT_EQ(names.size(), 240u);
  for (std::size_t i : {std::size_t{0}, names.size() / 2, names.size() - 1}) {
    auto res = http_get(server_->base_url() + "/outputs/" + names[i]);
    ASSERT_EQ(res.status, 200) << names[i];
    EXPECT_TRUE(probe_image_bytes({res.body.begin(), res.body.end()})) << names[i];
  }
}

TEST_F(Restart, DemoAppIsCreatedOnceAndKeptAcrossRestarts) {
  // No config: embedded defaults (only the port moved off 8080), run from a folder of its own.
  std::filesystem::create_directories(dir_ + "/plain");
  auto first = ServerProcess::start({"serve", "--listen", "127.0.0.1:0"}, dir_ + "/plain");
  ASSERT_TRUE(first);
  std::string out1 = first->output();
  EXPECT_EQ(first->terminate(), 0);
  auto second = ServerProcess::start({"serve", "--listen", "127.0.0.1:0"}, dir_ + "/plain");
  ASSERT_TRUE(second);
  std::string out2 = second->output();
  auto app_line = [](const std::string& out) {
    auto pos = out.find("AppId");
    return pos == std::string::npos ? std::string() : out.substr(pos, out.find('\n', pos) - pos);
  };
  EXPECT_FALSE(app_line(out1).empty()) << out1;
  EXPECT_EQ(app_line(out1), app_line(out2));
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/plain/thumbgate-data/demo-app.json"));
}

}  // namespace
}  // namespace tg::testing
