// The player URLs in a real browser: a page of <img> tags, one per format (tests/browser/player_images_spec.js,
// playwright-core, headless Chromium), against the real `thumbgate serve` with a public player section. The
// screenshot goes to <build>/artifacts/browser/player-images.png.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "browser_prerequisites.hpp"
#include "integration/gateway_fixture.hpp"
#include "support/source_tree.hpp"
#include "support/tool_command.hpp"

namespace tg::testing {
namespace {

namespace fs = std::filesystem;


class PlayerImagesBrowser : public GatewayFixture {};

TEST_F(PlayerImagesBrowser, EveryFormatLoadsInAnImgTagAtItsSize) {
  TG_REQUIRE_BROWSER();
  start(R"(,"player":{"policy":"public"})");
  const std::string shots = TG_BROWSER_ARTIFACTS_DIR;
  fs::create_directories(shots);
  fs::remove(fs::path(shots) / "player-images.png");
  ToolOutput run = run_tool({TG_NODE_BIN, (source_tree() / "tests/browser/player_images_spec.js").string(),
                             server_->base_url(), shots});
  EXPECT_EQ(run.exit_code, 0) << "node said:\n" << run.out << run.err << "\nserver said:\n" << server_->output();
  const fs::path png = fs::path(shots) / "player-images.png";
  EXPECT_TRUE(fs::exists(png) && fs::file_size(png) > 0) << png;
}

}  // namespace
}  // namespace tg::testing
