// Tasks on media entries that are http(s) URLs: read from an allowed origin, and failed with a message
// that names no address when the origin redirects to one the outbound policy does not allow.

#include <filesystem>

#include "integration/gateway_fixture.hpp"
#include "support/range_file_server.hpp"
#include "support/redirect_server.hpp"
#include "support/tool_command.hpp"

namespace tg::testing {
namespace {

class ZegoRemoteInput : public GatewayFixture {
 protected:
  /// Registers `url` as FILE_ID with `thumbgate media add`, asks for a snapshot of it and waits for the end.
  std::string snapshot_task(const std::string& file_id, const std::string& url) {
    auto added = run_tool({TG_THUMBGATE_BIN, "media", "add", file_id, url, "--config", dir_ + "/config.json"});
    EXPECT_EQ(added.exit_code, 0) << added.err;
    std::string body = call(kAppA, {{"Action", "MediaThumbnails"}, {"Vendor", "Tencent"}, {"FileId", file_id},
                                    {"Type", "SnapshotByTimeOffset"}, {"Definition", "10"},
                                    {"ExtTimeOffsetSet[]", "1"}});
    EXPECT_EQ(code_of(body), 0) << body;
    return wait_status(kAppA, "Tencent", json_field(body, "Data.Tencent.TaskId"), {"FINISH", "FAIL"});
  }
};

TEST_F(ZegoRemoteInput, AllowedOriginIsReadAndARedirectElsewhereFailsTheTask) {
  std::filesystem::create_directories(dir_ + "/origin");
  std::filesystem::copy_file(clip_path(ClipKind::kH264Short), dir_ + "/origin/a.mp4");
  RangeFileServer origin(dir_ + "/origin");
  RangeFileServer elsewhere(dir_ + "/origin", {.address = "127.0.0.2"});  // not in allow_networks
  RedirectServer redirect(elsewhere.base_url() + "/a.mp4");
  start();

  std::string fine = snapshot_task("remote-1", origin.base_url() + "/a.mp4");
  EXPECT_EQ(json_field(fine, "Data.Tencent.Status"), "FINISH") << fine;

  std::string refused = snapshot_task("remote-2", redirect.url("/a.mp4?token=secret"));
  EXPECT_EQ(json_field(refused, "Data.Tencent.Status"), "FAIL") << refused;
  const std::string message = json_field(refused, "Data.Tencent.Message");
  EXPECT_NE(message.find("address is not allowed"), std::string::npos) << message;
  for (const char* leak : {"127.0.0", "secret", "a.mp4", "http"}) {
    EXPECT_EQ(message.find(leak), std::string::npos) << leak << " in " << message;
  }
  EXPECT_EQ(redirect.requests(), 1);
  EXPECT_EQ(elsewhere.connections(), 0);
}

}  // namespace
}  // namespace tg::testing
