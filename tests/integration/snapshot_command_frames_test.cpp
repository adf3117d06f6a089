// `thumbgate snapshot` shows the frame its options ask for, judged by the picture against the ffmpeg
// CLI's frames: --mode keyframe the keyframe before T and --mode exact the frame at T, --rotate off the
// stored picture and auto the turned one, and a time of N% that share of the duration.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/clips.hpp"
#include "support/image_probe.hpp"
#include "support/reference_frames.hpp"
#include "support/tool_command.hpp"

namespace tg::testing {
namespace {

constexpr double kSameFrameDb = 40;   // the same decoded frame; only RGB conversion and rounding differ
constexpr double kOtherFrameDb = 30;  // two different frames of the test pattern are far below this

class SnapshotCommandFrames : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = fresh_test_dir("snapshot-command-frames"); }

  /// Runs `thumbgate snapshot CLIP <args> -o <dir>/<name>.png` and returns the PNG's path ("" on failure).
  std::string snapshot(const std::string& clip, const std::string& name, const std::vector<std::string>& args) {
    const std::string out = dir_ + "/" + name + ".png";
    std::vector<std::string> argv = {TG_THUMBGATE_BIN, "snapshot", clip};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"-o", out});
    ToolOutput r = run_tool(argv);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? out : "";
  }

  std::string dir_;
};

TEST_F(SnapshotCommandFrames, KeyframeModeShowsTheKeyframeBeforeTAndExactModeTheFrameAtT) {
  const std::string clip = clip_path(ClipKind::kH264LongGop);
  ASSERT_FALSE(clip.empty());
  const std::vector<double> keyframes = keyframe_times(clip);
  ASSERT_GE(keyframes.size(), 2u);
  ASSERT_GT(keyframes[1], 6.0) << "5 s must lie well between two keyframes";
  const std::string keyframe_ref = reference_frame(clip, keyframes[0]);
  const std::string exact_ref = reference_frame(clip, 5.0);
  ASSERT_LT(psnr_against(keyframe_ref, exact_ref), kOtherFrameDb) << "the two references must differ";

  const std::string key = snapshot(clip, "key", {"--time", "5", "--mode", "keyframe"});
  const std::string exact = snapshot(clip, "exact", {"--time", "5", "--mode", "exact"});
  const std::string plain = snapshot(clip, "default", {"--time", "5"});
  ASSERT_FALSE(key.empty() || exact.empty() || plain.empty());
  const auto key_psnr = psnr_many(key, {keyframe_ref, exact_ref});
  EXPECT_GE(key_psnr[0], kSameFrameDb) << "--mode keyframe: not the keyframe before T";
  EXPECT_LT(key_psnr[1], kOtherFrameDb) << "--mode keyframe: the frame at T";
  const auto exact_psnr = psnr_many(exact, {keyframe_ref, exact_ref});
  EXPECT_GE(exact_psnr[1], kSameFrameDb) << "--mode exact: not the frame at T";
  EXPECT_LT(exact_psnr[0], kOtherFrameDb) << "--mode exact: the keyframe";
  EXPECT_GE(psnr_against(plain, exact_ref), kSameFrameDb) << "without --mode: not the frame at T";
}

TEST_F(SnapshotCommandFrames, RotateOffKeepsTheStoredPictureAndAutoTurnsIt) {
  const std::string clip = clip_path(ClipKind::kRotated90);
  ASSERT_FALSE(clip.empty());
  const std::string turned_ref = reference_frame(clip, 1.0);
  const std::string stored_ref = reference_frame(clip, 1.0, {"-noautorotate"});
  ASSERT_FALSE(turned_ref.empty() || stored_ref.empty());

  const std::string off = snapshot(clip, "off", {"--time", "1", "--rotate", "off", "--format", "png"});
  const std::string automatic = snapshot(clip, "auto", {"--time", "1", "--rotate", "auto", "--format", "png"});
  const std::string plain = snapshot(clip, "default", {"--time", "1", "--format", "png"});
  ASSERT_FALSE(off.empty() || automatic.empty() || plain.empty());
  auto off_info = probe_image(off);
  ASSERT_TRUE(off_info);
  EXPECT_EQ(off_info->width, 640);
  EXPECT_EQ(off_info->height, 360);
  EXPECT_GE(psnr_against(off, stored_ref), kSameFrameDb) << "--rotate off: not the stored picture";
  EXPECT_GE(psnr_against(automatic, turned_ref), kSameFrameDb) << "--rotate auto: not the turned picture";
  EXPECT_GE(psnr_against(plain, turned_ref), kSameFrameDb) << "without --rotate: not the turned picture";
}

TEST_F(SnapshotCommandFrames, APercentTimeIsThatShareOfTheDuration) {
  const std::string clip = clip_path(ClipKind::kH264LongGop);
  ASSERT_FALSE(clip.empty());
  const double duration = video_duration(clip);
  ASSERT_GT(duration, 10.5) << "10 read as seconds must still fall inside the clip";
  const std::string share_ref = reference_frame(clip, duration * 0.10);
  const std::string seconds_ref = reference_frame(clip, 10.0);
  ASSERT_LT(psnr_against(share_ref, seconds_ref), kOtherFrameDb) << "the two references must differ";

  const std::string got = snapshot(clip, "percent", {"--time", "10%", "--format", "png"});
  ASSERT_FALSE(got.empty());
  const auto psnr = psnr_many(got, {share_ref, seconds_ref});
  EXPECT_GE(psnr[0], kSameFrameDb) << "10% is not the frame at a tenth of the duration";
  EXPECT_LT(psnr[1], kOtherFrameDb) << "10% was read as 10 s";
}

}  // namespace
}  // namespace tg::testing
