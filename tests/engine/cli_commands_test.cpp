// `thumbgate snapshot`, `thumbgate sprite` and `thumbgate rendition`: files written, exit codes for usage and
// engine errors.

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli/engine_commands.hpp"
#include "engine/engine.hpp"
#include "engine_test_helpers.hpp"
#include "support/clips.hpp"
#include "support/range_file_server.hpp"

namespace tg::cli {
namespace {

namespace fs = std::filesystem;
using tg::testing::ClipKind;
using tg::testing::clip_path;

int run(int (*command)(int, char**), std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return command(static_cast<int>(args.size()), argv.data());
}

std::string fresh_dir(const std::string& name) {
  std::string dir = tg::testing::work_dir("cli/" + name);
  for (const auto& entry : fs::directory_iterator(dir)) fs::remove_all(entry.path());
  return dir;
}

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(SnapshotCommand, OneTimeToJpeg) {
  const std::string dir = fresh_dir("snap-one");
  const std::string out = dir + "/one.jpg";
  EXPECT_EQ(run(run_snapshot_command,
                {"snapshot", clip_path(ClipKind::kH264Short), "--time", "1.5", "--width", "160", "-o", out}),
            0);
  auto frame = engine::testing::decode_image(read_file(out));
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->width, 160);
  EXPECT_EQ(frame->height, 120);
}

TEST(SnapshotCommand, AnHttpInputOnLoopbackIsTheOperatorsToRead) {
  // The command line acts with the operator's own network access: no outbound allow-list applies.
  const fs::path clip(clip_path(ClipKind::kH264Short));
  tg::testing::RangeFileServer server(clip.parent_path().string());
  const std::string out = fresh_dir("snap-http") + "/one.jpg";
  EXPECT_EQ(run(run_snapshot_command, {"snapshot", server.base_url() + "/" + clip.filename().string(), "--time",
                                       "1.5", "--width", "160", "-o", out}),
            0);
  auto frame = engine::testing::decode_image(read_file(out));
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->width, 160);
  EXPECT_GE(server.requests(), 1);
}

// The engine never follows a symlink in an input's last component; the operator's own links are resolved
// by the command before it opens them.
TEST(SnapshotCommand, AnInputGivenThroughASymlinkIsRead) {
  const std::string dir = fresh_dir("snap-link");
  fs::create_symlink(clip_path(ClipKind::kH264Short), dir + "/link.mp4");
  EXPECT_EQ(run(run_snapshot_command, {"snapshot", dir + "/link.mp4", "--time", "1", "-o", dir + "/l.jpg"}), 0);
  EXPECT_TRUE(fs::exists(dir + "/l.jpg"));
}

TEST(SnapshotCommand, SeveralTimesAndPercentToPng) {
  const std::string dir = fresh_dir("snap-many");
  EXPECT_EQ(run(run_snapshot_command, {"snapshot", clip_path(ClipKind::kH264Short), "--time", "50%", "--time=0",
                                       "--mode", "keyframe", "--format", "png", "-o", dir + "/f{n}.png"}),
            0);
  for (const char* name : {"/f0.png", "/f1.png"}) {
    auto bytes = read_file(dir + name);
    ASSERT_GE(bytes.size(), 8u) << name;
    EXPECT_EQ(bytes[1], 'P');
  }
  EXPECT_FALSE(fs::exists(dir + "/f2.png"));
}

TEST(SnapshotCommand, IntervalWritesOneFilePerSample) {
  const std::string dir = fresh_dir("snap-interval");
  EXPECT_EQ(run(run_snapshot_command, {"snapshot", clip_path(ClipKind::kH264Short), "--interval", "2", "--start",
                                       "1", "-o", dir + "/s-{n}.jpg"}),
            0);
  EXPECT_TRUE(fs::exists(dir + "/s-0.jpg"));
  EXPECT_TRUE(fs::exists(dir + "/s-1.jpg"));
  EXPECT_TRUE(fs::exists(dir + "/s-2.jpg"));  // 1, 3, 5 s
  EXPECT_FALSE(fs::exists(dir + "/s-3.jpg"));
  EXPECT_EQ(run(run_snapshot_command, {"snapshot", clip_path(ClipKind::kH264Short), "--interval", "2", "--count",
                                       "2", "-o", dir + "/c-{n}.jpg"}),
            0);
  EXPECT_TRUE(fs::exists(dir + "/c-1.jpg"));
  EXPECT_FALSE(fs::exists(dir + "/c-2.jpg"));
}

TEST(SnapshotCommand, UsageErrorsExitWithTwo) {
  const std::string clip = clip_path(ClipKind::kH264Short);
  const std::string dir = fresh_dir("snap-usage");
  const std::string out = dir + "/x.jpg";
  EXPECT_EQ(run(run_snapshot_command, {"snapshot", clip, "--time", "1"}), 2);                       // no -o
  EXPECT_EQ(run(run_snapshot_command, {"snapshot", "--time", "1", "-o", out}), 2);                  // no input
  EXPECT_EQ(run(run_snapshot_command, {"snapshot", clip, "-o", out}), 2);                           // no time
  EXPECT_EQ(run(run_snapshot_command, {"snapshot", clip, "--time", "-1", "-o", out}), 2);
  EXPECT_EQ(run(run_snapshot_command, {"snapshot", clip, "--time", "abc", "-o", out}), 2);
  EXPECT_EQ(run(run_snapshot_command, {"snapshot", clip, "--time", "1", "--time", "2", "-o", out}), 2);
  EXPECT_EQ(run(run_snapshot_command, {"snapshot", clip, "--interval", "2", "-o", out}), 2);        // no {n}
  EXPECT_EQ(run(run_snapshot_command, {"snapshot", clip, "--interval", "0", "-o", dir + "/{n}.jpg"}), 2);
  EXPECT_EQ(run(run_snapshot_command, {"snapshot", clip, "--time", "1", "--mode", "fast", "-o", out}), 2);
  EXPECT_EQ(run(run_snapshot_command, {"snapshot", clip, "--time", "1", "--quality", "101", "-o", out}), 2);
  EXPECT_EQ(run(run_snapshot_command, {"snapshot", clip, "--time", "1", "--bogus", "-o", out}), 2);
  EXPECT_EQ(run(run_snapshot_command, {"snapshot", clip, "--time"}), 2);
  EXPECT_EQ(run(run_snapshot_command, {"snapshot", clip, "--time", "1", "--threads", "-1", "-o", out}), 2);
  EXPECT_EQ(run(run_snapshot_command, {"snapshot", clip, "--time", "1", "--threads", "x", "-o", out}), 2);
  EXPECT_FALSE(fs::exists(out));
}

TEST(SnapshotCommand, ThreadCountsGiveTheSameImage) {
  const std::string clip = clip_path(ClipKind::kH264LongGop);
  const std::string dir = fresh_dir("snap-threads");
  ASSERT_EQ(run(run_snapshot_command, {"snapshot", clip, "--time", "7.3", "--threads", "1", "-o", dir + "/one.png"}), 0);
  ASSERT_EQ(run(run_snapshot_command, {"snapshot", clip, "--time", "7.3", "--threads", "2", "-o", dir + "/two.png"}), 0);
  EXPECT_EQ(read_file(dir + "/one.png"), read_file(dir + "/two.png"));
}

TEST(SnapshotCommand, EngineErrorsExitWithOne) {
  const std::string dir = fresh_dir("snap-engine");
  EXPECT_EQ(run(run_snapshot_command, {"snapshot", dir + "/missing.mp4", "--time", "1", "-o", dir + "/x.jpg"}), 1);
  EXPECT_EQ(run(run_snapshot_command,
                {"snapshot", clip_path(ClipKind::kAudioOnly), "--time", "1", "-o", dir + "/x.jpg"}),
            1);
  EXPECT_EQ(run(run_snapshot_command, {"snapshot", clip_path(ClipKind::kH264Short), "--time", "1", "-o",
                                       dir + "/no-such-dir/x.jpg"}),
            1);
}

TEST(SpriteCommand, PagesAndVttWithRelativeNames) {
  const std::string dir = fresh_dir("sprite");
  fs::create_directories(dir + "/img");
  EXPECT_EQ(run(run_sprite_command, {"sprite", clip_path(ClipKind::kH264Short), "--interval", "1", "--columns",
                                     "2", "--rows", "2", "--cell", "80x45", "--padding", "2", "--margin", "3",
                                     "--color", "#102030", "--mode", "keyframe", "-o",
                                     dir + "/img/sprite-{n}.jpg", "--vtt", dir + "/sprite.vtt"}),
            0);
  auto page1 = engine::testing::decode_image(read_file(dir + "/img/sprite-1.jpg"));
  auto page2 = engine::testing::decode_image(read_file(dir + "/img/sprite-2.jpg"));
  ASSERT_TRUE(page1);
  ASSERT_TRUE(page2);
  EXPECT_EQ(page1->width, 168);
  EXPECT_EQ(page1->height, 98);
  EXPECT_FALSE(fs::exists(dir + "/img/sprite-3.jpg"));
  EXPECT_EQ(read_text(dir + "/sprite.vtt"),
            "WEBVTT\n\n"
            "00:00:00.000 --> 00:00:01.000\nimg/sprite-1.jpg#xywh=3,3,80,45\n\n"
            "00:00:01.000 --> 00:00:02.000\nimg/sprite-1.jpg#xywh=85,3,80,45\n\n"
            "00:00:02.000 --> 00:00:03.000\nimg/sprite-1.jpg#xywh=3,50,80,45\n\n"
            "00:00:03.000 --> 00:00:04.000\nimg/sprite-1.jpg#xywh=85,50,80,45\n\n"
            "00:00:04.000 --> 00:00:05.000\nimg/sprite-2.jpg#xywh=3,3,80,45\n\n"
            "00:00:05.000 --> 00:00:06.000\nimg/sprite-2.jpg#xywh=85,3,80,45\n\n");
}

TEST(SpriteCommand, UsageAndEngineErrors) {
  const std::string clip = clip_path(ClipKind::kH264Short);
  const std::string dir = fresh_dir("sprite-errors");
  const std::string out = dir + "/s-{n}.png";
  EXPECT_EQ(run(run_sprite_command, {"sprite", clip, "--columns", "2", "--rows", "2", "--cell", "80x45", "-o", out}),
            2);  // no interval
  EXPECT_EQ(run(run_sprite_command,
                {"sprite", clip, "--interval", "1", "--columns", "2", "--rows", "2", "--cell", "80", "-o", out}),
            2);
  EXPECT_EQ(run(run_sprite_command, {"sprite", clip, "--interval", "1", "--columns", "2", "--rows", "2", "--cell",
                                     "80x45", "--color", "red", "-o", out}),
            2);
  EXPECT_EQ(run(run_sprite_command, {"sprite", clip, "--interval", "1", "--columns", "0", "--rows", "2", "--cell",
                                     "80x45", "-o", out}),
            2);
  // Several pages but no {n} in the name.
  EXPECT_EQ(run(run_sprite_command, {"sprite", clip, "--interval", "1", "--columns", "2", "--rows", "1", "--cell",
                                     "80x45", "-o", dir + "/one.png"}),
            1);
  EXPECT_EQ(run(run_sprite_command, {"sprite", dir + "/missing.mp4", "--interval", "1", "--columns", "2", "--rows",
                                     "1", "--cell", "80x45", "-o", out}),
            1);
  // One page fits without {n}; PNG from the extension.
  EXPECT_EQ(run(run_sprite_command, {"sprite", clip, "--interval", "2", "--columns", "3", "--rows", "1", "--cell",
                                     "80x45", "-o", dir + "/one.png"}),
            0);
  auto bytes = read_file(dir + "/one.png");
  ASSERT_GE(bytes.size(), 8u);
  EXPECT_EQ(bytes[1], 'P');
}

TEST(RenditionCommand, WritesTheCopyAndLeavesOutAloneOnFailure) {
  const std::string dir = fresh_dir("rendition");
  const std::string out = dir + "/copy.mp4";
  EXPECT_EQ(run(run_rendition_command,
                {"rendition", clip_path(ClipKind::kH264Short), "--max-side", "160", "--threads", "1", "-o", out}),
            0);
  auto info = engine::probe(engine::Source{out});
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->coded_width, 160);
  EXPECT_EQ(info->coded_height, 120);
  EXPECT_FALSE(fs::exists(out + ".part"));

  // An input that fails leaves an existing OUT as it was, and no part file.
  const std::vector<uint8_t> before = read_file(out);
  EXPECT_EQ(run(run_rendition_command, {"rendition", clip_path(ClipKind::kAudioOnly), "-o", out}), 1);
  EXPECT_EQ(read_file(out), before);
  EXPECT_FALSE(fs::exists(out + ".part"));
  EXPECT_EQ(run(run_rendition_command, {"rendition", clip_path(ClipKind::kH264Short)}), 2);  // no -o
  EXPECT_EQ(run(run_rendition_command, {"rendition", clip_path(ClipKind::kH264Short), "--max-side", "8", "-o", out}),
            2);
  EXPECT_EQ(run(run_rendition_command, {"rendition", clip_path(ClipKind::kH264Short), "--crf", "60", "-o", out}), 2);
}

}  // namespace
}  // namespace tg::cli
