// `thumbgate animated` and `--format webp|avif` on `thumbgate snapshot` / `thumbgate sprite`: files
// written in the format asked for, exit codes for usage errors.

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli/engine_commands.hpp"
#include "support/image_readers.hpp"
#include "support/clips.hpp"

namespace tg::cli {
namespace {

using tg::testing::ClipKind;
using tg::testing::clip_path;

int run(int (*command)(int, char**), std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return command(static_cast<int>(args.size()), argv.data());
}

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(AnimatedCommand, WritesGifAndWebp) {
  const std::string dir = tg::testing::fresh_test_dir("cli");
  const std::string clip = clip_path(ClipKind::kH264Short);
  ASSERT_EQ(run(run_animated_command, {"animated", clip, "--start", "1", "--end", "2", "--fps", "10", "--width",
                                       "120", "-o", dir + "/a.gif"}),
            0);
  auto gif = engine::testing::read_gif(read_file(dir + "/a.gif"));
  EXPECT_TRUE(gif.valid);
  EXPECT_EQ(gif.frames, 10);
  EXPECT_EQ(gif.width, 120);
  ASSERT_EQ(run(run_animated_command, {"animated", clip, "--start", "1", "--end", "2", "--fps", "5", "-o",
                                       dir + "/a.webp"}),
            0);
  auto webp = engine::testing::read_webp_animation(read_file(dir + "/a.webp"));
  EXPECT_TRUE(webp.valid);
  EXPECT_EQ(webp.frames, 5);
  EXPECT_EQ(webp.width, 320);
}

TEST(AnimatedCommand, UsageErrors) {
  const std::string dir = tg::testing::fresh_test_dir("cli");
  const std::string clip = clip_path(ClipKind::kH264Short);
  const std::string out = dir + "/x.gif";
  EXPECT_EQ(run(run_animated_command, {"animated", clip}), 2);  // no -o
  EXPECT_EQ(run(run_animated_command, {"animated", clip, "--fps", "31", "-o", out}), 2);
  EXPECT_EQ(run(run_animated_command, {"animated", clip, "--width", "641", "-o", out}), 2);
  EXPECT_EQ(run(run_animated_command, {"animated", clip, "--start", "0", "--end", "11", "-o", out}), 2);
  EXPECT_EQ(run(run_animated_command, {"animated", clip, "--start", "50", "-o", out}), 2);  // past the end
  EXPECT_EQ(run(run_animated_command, {"animated", clip, "--format", "apng", "-o", out}), 2);
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_EQ(run(run_animated_command, {"animated", dir + "/missing.mp4", "-o", out}), 1);
}

TEST(PlayerFormatsCommand, SnapshotAndSpriteTakeWebpAndAvif) {
  const std::string dir = tg::testing::fresh_test_dir("cli");
  const std::string clip = clip_path(ClipKind::kH264Short);
  ASSERT_EQ(run(run_snapshot_command, {"snapshot", clip, "--time", "1", "--width", "160", "--format", "webp", "-o",
                                       dir + "/s.img"}),
            0);
  auto webp = engine::testing::decode_rgb(read_file(dir + "/s.img"));
  EXPECT_EQ(webp.width, 160);
  // The extension decides when --format is not given.
  ASSERT_EQ(run(run_snapshot_command, {"snapshot", clip, "--time", "1", "--width", "100", "--height", "100", "--fit",
                                       "crop", "--turn", "90", "--flip", "h", "-o", dir + "/s.avif"}),
            0);
  auto avif_bytes = read_file(dir + "/s.avif");
  EXPECT_TRUE(engine::testing::is_avif(avif_bytes));
  EXPECT_EQ(engine::testing::decode_rgb(avif_bytes).width, 100);
  EXPECT_EQ(run(run_snapshot_command, {"snapshot", clip, "--time", "1", "--fit", "cover", "-o", dir + "/x.jpg"}), 2);
  EXPECT_EQ(run(run_snapshot_command, {"snapshot", clip, "--time", "1", "--turn", "45", "-o", dir + "/x.jpg"}), 2);
  EXPECT_EQ(run(run_snapshot_command, {"snapshot", clip, "--time", "1", "--flip", "x", "-o", dir + "/x.jpg"}), 2);
  EXPECT_EQ(run(run_snapshot_command, {"snapshot", clip, "--time", "1", "--format", "heic", "-o", dir + "/x.jpg"}), 2);
  ASSERT_EQ(run(run_sprite_command, {"sprite", clip, "--interval", "2", "--columns", "2", "--rows", "2", "--cell",
                                     "64x48", "--format", "avif", "-o", dir + "/sprite-{n}.avif"}),
            0);
  auto page = engine::testing::decode_rgb(read_file(dir + "/sprite-1.avif"));
  EXPECT_EQ(page.width, 128);
  EXPECT_EQ(page.height, 96);
}

}  // namespace
}  // namespace tg::cli
