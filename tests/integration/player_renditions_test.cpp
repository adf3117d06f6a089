// Preview renditions on the real server: a media larger than any preview gets one after its first animated
// preview, later previews decode it (counted on /metrics), a changed file is never previewed from the old
// copy, a restart finds the copies it made, and a rendition that cannot be made is not tried again while
// previews go on from the media.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <thread>

#include "integration/player_fixture.hpp"
#include "support/clips.hpp"
#include "support/image_readers.hpp"

namespace tg::testing {
namespace {

namespace fs = std::filesystem;

class PlayerRenditions : public PlayerFixture {
 protected:
  void SetUp() override {
    PlayerFixture::SetUp();
    const std::string wide = clip_path(ClipKind::kH264Wide);
    ASSERT_FALSE(wide.empty());
    fs::copy_file(wide, dir_ + "/media/wide.mp4");
  }

  // A sample of /metrics ("name{labels}"), 0 when absent.
  double metric(const std::string& sample) const {
    auto res = get("/metrics");
    EXPECT_EQ(res.status, 200);
    const std::string prefix = sample + " ";
    for (size_t at = res.body.find(prefix); at != std::string::npos; at = res.body.find(prefix, at + 1)) {
      if (at == 0 || res.body[at - 1] == '\n') return std::stod(res.body.substr(at + prefix.size()));
    }
    return 0;
  }
  double decodes(const std::string& input) const {
    return metric(R"(thumbgate_player_animated_decodes_total{input=")" + input + R"("})");
  }
  double renditions(const std::string& event) const {
    return metric(R"(thumbgate_player_preview_renditions_total{event=")" + event + R"("})");
  }

  // Waits (at most 120 s) until the renditions counter of `event` reaches `count`.
  bool wait_for(const std::string& event, double count) const {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (renditions(event) < count) {
      if (std::chrono::steady_clock::now() > until) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return true;
  }

  // The names in data_dir/renditions (none when it does not exist).
  std::vector<std::string> rendition_files() const {
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(dir_ + "/data/renditions", ec), end; !ec && it != end; it.increment(ec)) {
      names.push_back(it->path().filename().string());
    }
    return names;
  }

  // A GIF answer's size and frame count.
  static engine::testing::GifFacts gif_of(const HttpResult& res) {
    return engine::testing::read_gif(std::vector<uint8_t>(res.body.begin(), res.body.end()));
  }
};

TEST_F(PlayerRenditions, AFirstPreviewAsksForOneAndLaterPreviewsDecodeIt) {
  start_player();
  auto first = get("/v/wide.mp4/animated.gif?start=1&end=3&fps=10");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(gif_of(first).width, 320);
  EXPECT_EQ(gif_of(first).height, 180);
  EXPECT_EQ(decodes("media"), 1);
  EXPECT_EQ(decodes("rendition"), 0);

  ASSERT_TRUE(wait_for("built", 1)) << "no rendition was made";
  const std::vector<std::string> files = rendition_files();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_TRUE(std::regex_match(files[0], std::regex("[0-9a-f]{32}[.]mp4"))) << files[0];
  EXPECT_GT(metric("thumbgate_player_preview_rendition_bytes"), 0);

  // The largest preview there is, from the copy: its size, frames and delays are the media's.
  auto second = get("/v/wide.mp4/animated.gif?start=2&end=4&fps=10&width=640");
  ASSERT_EQ(second.status, 200) << second.body;
  const auto big = gif_of(second);
  EXPECT_EQ(big.width, 640);
  EXPECT_EQ(big.height, 360);
  EXPECT_EQ(big.frames, 20);
  EXPECT_EQ(decodes("rendition"), 1);
  auto webp = get("/v/wide.mp4/animated.webp?start=0&end=1");
  ASSERT_EQ(webp.status, 200) << webp.body;
  EXPECT_EQ(decodes("rendition"), 2);
  EXPECT_EQ(renditions("built"), 1);  // asked again, made once

  // A preview at the very end of the media, from the copy too.
  auto last = get("/v/wide.mp4/animated.gif?start=5.5&fps=10");
  ASSERT_EQ(last.status, 200) << last.body;
  EXPECT_EQ(gif_of(last).frames, 5);
  EXPECT_EQ(decodes("rendition"), 3);
}

TEST_F(PlayerRenditions, AChangedFileIsNeverPreviewedFromTheOldCopy) {
  start_player();
  ASSERT_EQ(get("/v/wide.mp4/animated.gif?start=1&end=2").status, 200);
  ASSERT_TRUE(wait_for("built", 1));
  // Another video under the same name: 320x240, smaller than any copy would be.
  const std::string small = clip_path(ClipKind::kH264Short);
  fs::copy_file(small, dir_ + "/media/wide.mp4", fs::copy_options::overwrite_existing);
  fs::last_write_time(dir_ + "/media/wide.mp4", fs::file_time_type::clock::now() + std::chrono::seconds(5));
  auto res = get("/v/wide.mp4/animated.gif?start=1&end=2");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(gif_of(res).width, 320);
  EXPECT_EQ(gif_of(res).height, 240);  // the old copy would give 320x180
  EXPECT_EQ(decodes("rendition"), 0);
  EXPECT_EQ(decodes("media"), 2);
}

TEST_F(PlayerRenditions, ARestartFindsTheCopiesItMade) {
  start_player();
  ASSERT_EQ(get("/v/wide.mp4/animated.gif?start=1&end=2").status, 200);
  ASSERT_TRUE(wait_for("built", 1));
  server_.reset();
  restart();
  auto res = get("/v/wide.mp4/animated.gif?start=3&end=4");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(decodes("rendition"), 1);
  EXPECT_EQ(decodes("media"), 0);
  EXPECT_EQ(rendition_files().size(), 1u);
}

TEST_F(PlayerRenditions, OneThatCannotBeMadeIsNotTriedAgainAndPreviewsGoOn) {
  // A budget of 4000 bytes allows a copy of 1000: far too small for six seconds of 640x360.
  start_player(R"(,"preview_rendition_bytes":4000)");
  ASSERT_EQ(get("/v/wide.mp4/animated.gif?start=1&end=2").status, 200);
  ASSERT_TRUE(wait_for("failed", 1));
  auto res = get("/v/wide.mp4/animated.gif?start=2&end=3");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(gif_of(res).width, 320);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(renditions("failed"), 1);
  EXPECT_EQ(renditions("built"), 0);
  EXPECT_EQ(decodes("media"), 2);
  EXPECT_TRUE(rendition_files().empty());  // the partial file is gone too
}

TEST_F(PlayerRenditions, NoPlayerOrNoBudgetMeansNoCopiesAndSmallMediaNeedNone) {
  start();  // no player section: nothing under /v/, and no renditions folder either
  EXPECT_EQ(get("/v/wide.mp4/animated.gif").status, 404);
  EXPECT_FALSE(fs::exists(dir_ + "/data/renditions"));
  server_.reset();
  start_player(R"(,"preview_rendition_bytes":0)");
  ASSERT_EQ(get("/v/wide.mp4/animated.gif?start=1&end=2").status, 200);
  EXPECT_FALSE(fs::exists(dir_ + "/data/renditions"));
  server_.reset();
  start_player();
  // clip.mp4 is 320x240: no copy is smaller than it.
  ASSERT_EQ(get("/v/clip.mp4/animated.gif?start=1&end=2").status, 200);
  ASSERT_EQ(get("/v/clip.mp4/animated.gif?start=2&end=3").status, 200);
  EXPECT_EQ(decodes("media"), 2);
  EXPECT_TRUE(rendition_files().empty());
}

}  // namespace
}  // namespace tg::testing
