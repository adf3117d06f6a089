// The admin console in a real browser: headless Chromium, driven by tests/browser/admin_console_spec.js
// (playwright-core, installed by scripts/test.sh), against the real `thumbgate serve` with a ZEGO task that
// succeeds and one that failed because its file was gone when the worker ran it. Screenshots go to
// <build>/artifacts/browser/.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "browser_prerequisites.hpp"
#include "integration/gateway_fixture.hpp"
#include "support/callback_receiver.hpp"
#include "support/source_tree.hpp"
#include "support/tool_command.hpp"

namespace tg::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kAdminToken = "browser-test-admin-token-0123456789";


class AdminConsoleBrowser : public GatewayFixture {
 protected:
  std::string submit(const ZegoCredentials& app, const std::string& file_id) {
    std::string body = call(app, {{"Action", "MediaThumbnails"},
                                    {"Vendor", "Huawei"},
                                    {"FileId", file_id},
                                    {"Type", "SampleSnapshot"},
                                    {"Interval", "2"}});
    EXPECT_EQ(code_of(body), 0) << body;
    return json_field(body, "Data.Huawei.task_id");
  }
};

TEST_F(AdminConsoleBrowser, SignInFindATaskSeeItsImagesAndRetryAFailedOne) {
  TG_REQUIRE_BROWSER();

  // App A's callbacks (the ZEGO task's): the first delivery is refused, the sender's retry gets through.
  // App B has no callback URL, so the failed task sends none.
  CallbackReceiver receiver;
  receiver.script_statuses({500});
  callback_url_ = receiver.url();
  const std::string admin = std::string(R"(,"admin":{"token":")") + kAdminToken + R"("})";

  // No worker yet: both tasks wait while the second one's file is taken away.
  fs::copy_file(dir_ + "/media/clip.mp4", dir_ + "/media/later.mp4");
  start(R"(,"workers":0)" + admin);
  std::string zego_task = submit(kAppA, "clip.mp4");
  std::string failed_task = submit(kAppB, "later.mp4");
  ASSERT_FALSE(zego_task.empty());
  ASSERT_FALSE(failed_task.empty());
  ASSERT_TRUE(fs::remove(dir_ + "/media/later.mp4"));

  // With a worker the first succeeds and the second fails on its missing file.
  server_->terminate();
  start(R"(,"workers":1)" + admin);
  std::string failed = wait_status(kAppB, "Huawei", failed_task, {"SUCCEEDED", "FAILED"});
  ASSERT_EQ(json_field(failed, "Data.Huawei.Status"), "FAILED") << failed;
  // The file is back: a retry from the console can now succeed.
  fs::copy_file(dir_ + "/media/clip.mp4", dir_ + "/media/later.mp4");

  const std::string shots = TG_BROWSER_ARTIFACTS_DIR;
  const char* const kScreenshots[] = {"overview-1280",     "zego-task-1280", "failed-task-1280", "retried-task-1280",
                                      "overview-390",      "tasks-390",      "zego-task-390"};
  fs::create_directories(shots);
  for (const char* name : kScreenshots) fs::remove(fs::path(shots) / (std::string(name) + ".png"));
  ToolOutput run = run_tool({TG_NODE_BIN, (source_tree() / "tests/browser/admin_console_spec.js").string(),
                             server_->base_url(), kAdminToken, zego_task, failed_task, shots});
  EXPECT_EQ(run.exit_code, 0) << "node said:\n" << run.out << run.err << "\nserver said:\n" << server_->output();
  for (const char* name : kScreenshots) {
    const fs::path png = fs::path(shots) / (std::string(name) + ".png");
    EXPECT_TRUE(fs::exists(png) && fs::file_size(png) > 0) << png;
  }

  // What the browser did reached the server: the failed task succeeded after its retry, and the ZEGO task's
  // callback was delivered once more after the console's "redeliver" (a 500, its retry, the redelivery).
  EXPECT_GE(receiver.received().size(), 3u);
  std::string retried = call(kAppB, {{"Action", "DescribeMediaTask"}, {"Vendor", "Huawei"}, {"TaskId", failed_task}});
  EXPECT_EQ(json_field(retried, "Data.Huawei.Status"), "SUCCEEDED") << retried;
}

}  // namespace
}  // namespace tg::testing
