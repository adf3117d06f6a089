// What the thumbgate binary loads at start-up: the engine commands run without libcurl, which is
// loaded only when the server sends its first callback (the callback suites cover that side).

#include <gtest/gtest.h>

#include "support/clips.hpp"
#include "support/tool_command.hpp"

namespace tg::testing {
namespace {

TEST(Startup, EngineCommandsDoNotLoadLibcurl) {
  std::string clip = clip_path(ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  std::string out = work_dir("startup") + "/frame.jpg";
  // LD_DEBUG=libs makes the loader report every library it looks for on stderr.
  auto res = run_tool({"env", "LD_DEBUG=libs", TG_THUMBGATE_BIN, "snapshot", clip, "--time", "1", "-o", out});
  ASSERT_EQ(res.exit_code, 0) << res.err.substr(0, 2000);
  ASSERT_NE(res.err.find("libavcodec"), std::string::npos) << "the loader's report is missing";
  EXPECT_EQ(res.err.find("libcurl"), std::string::npos);
}

}  // namespace
}  // namespace tg::testing
