// The generated test clips have the properties their kinds promise, checked with the ffprobe CLI; and the
// image helpers measure what they claim.

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/clips.hpp"
#include "support/image_probe.hpp"
#include "support/tool_command.hpp"

namespace tg::testing {
namespace {

// ffprobe's "key=value" lines for the first video stream (or the format when `entries` says so).
std::string ffprobe_fields(const std::string& path, const std::string& entries) {
  ToolOutput r = run_tool({"ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", entries, "-of",
                           "default=noprint_wrappers=1", path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.out;
}

std::string value_of(const std::string& text, const std::string& key) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(key + "=", 0) == 0) return line.substr(key.size() + 1);
  }
  return "";
}

std::vector<double> keyframe_times(const std::string& path) {
  ToolOutput r = run_tool({"ffprobe", "-v", "error", "-select_streams", "v:0", "-skip_frame", "nokey",
                           "-show_entries", "frame=pts_time", "-of", "csv=p=0", path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<double> times;
  std::istringstream lines(r.out);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty()) times.push_back(std::stod(line));
  }
  return times;
}

TEST(Clips, LongGopH264HasKeyframesOnlyAtZeroAndTenSeconds) {
  const std::string path = clip_path(ClipKind::kH264LongGop);
  ASSERT_FALSE(path.empty());
  EXPECT_TRUE(std::filesystem::path(path).is_absolute());
  const std::string s = ffprobe_fields(path, "stream=codec_name,width,height,has_b_frames");
  EXPECT_EQ(value_of(s, "codec_name"), "h264");
  EXPECT_EQ(value_of(s, "width"), "640");
  EXPECT_EQ(value_of(s, "height"), "360");
  EXPECT_NE(value_of(s, "has_b_frames"), "0");
  const std::vector<double> keys = keyframe_times(path);
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_DOUBLE_EQ(keys[0], 0.0);
  EXPECT_DOUBLE_EQ(keys[1], 10.0);
}

TEST(Clips, SecondRequestReturnsTheSameFileWithoutRemaking) {
  const std::string first = clip_path(ClipKind::kH264Short);
  ASSERT_FALSE(first.empty());
  const auto stamp = std::filesystem::last_write_time(first);
  EXPECT_EQ(clip_path(ClipKind::kH264Short), first);
  EXPECT_EQ(std::filesystem::last_write_time(first), stamp);
}

TEST(Clips, HevcAndVp9HaveTheirCodecs) {
  const std::string hevc = clip_path(ClipKind::kHevc);
  const std::string vp9 = clip_path(ClipKind::kVp9Webm);
  ASSERT_FALSE(hevc.empty());
  ASSERT_FALSE(vp9.empty());
  EXPECT_EQ(value_of(ffprobe_fields(hevc, "stream=codec_name"), "codec_name"), "hevc");
  EXPECT_EQ(value_of(ffprobe_fields(vp9, "stream=codec_name"), "codec_name"), "vp9");
  EXPECT_EQ(keyframe_times(hevc).size(), 3u);  // GOP 50 at 25 fps over 6 s: 0, 2, 4
}

TEST(Clips, RotatedClipCarriesANinetyDegreeDisplayMatrix) {
  const std::string path = clip_path(ClipKind::kRotated90);
  ASSERT_FALSE(path.empty());
  ToolOutput r = run_tool({"ffprobe", "-v", "error", "-select_streams", "v:0", "-show_streams", path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Display Matrix"), std::string::npos);
  const std::string rotation = value_of(r.out, "rotation");
  EXPECT_TRUE(rotation == "90" || rotation == "-90") << rotation;
  EXPECT_EQ(value_of(r.out, "width"), "640");
}

TEST(Clips, AnamorphicTenBitAndStartOffsetClips) {
  const std::string ana = clip_path(ClipKind::kAnamorphic);
  const std::string ten = clip_path(ClipKind::kTenBit);
  const std::string offset = clip_path(ClipKind::kStartOffset);
  ASSERT_FALSE(ana.empty());
  ASSERT_FALSE(ten.empty());
  ASSERT_FALSE(offset.empty());
  const std::string a = ffprobe_fields(ana, "stream=width,height,sample_aspect_ratio");
  EXPECT_EQ(value_of(a, "width"), "480");
  EXPECT_EQ(value_of(a, "sample_aspect_ratio"), "4:3");
  EXPECT_EQ(value_of(ffprobe_fields(ten, "stream=pix_fmt"), "pix_fmt"), "yuv420p10le");
  EXPECT_DOUBLE_EQ(std::stod(value_of(ffprobe_fields(offset, "stream=start_time"), "start_time")), 10.0);
}

TEST(Clips, BlackOpeningAudioOnlyAndTruncated) {
  const std::string black = clip_path(ClipKind::kBlackOpening);
  ASSERT_FALSE(black.empty());
  const std::string dir = work_dir("clips_test");
  ASSERT_EQ(run_tool({"ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-ss", "1", "-i", black, "-frames:v",
                      "1", dir + "/black1.png"})
                .exit_code,
            0);
  ASSERT_EQ(run_tool({"ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                      "color=black:size=320x240", "-frames:v", "1", dir + "/black_ref.png"})
                .exit_code,
            0);
  EXPECT_GT(psnr_against(dir + "/black1.png", dir + "/black_ref.png"), 40);

  const std::string audio = clip_path(ClipKind::kAudioOnly);
  ASSERT_FALSE(audio.empty());
  ToolOutput streams = run_tool({"ffprobe", "-v", "error", "-show_entries", "stream=codec_type", "-of",
                                 "default=noprint_wrappers=1", audio});
  ASSERT_EQ(streams.exit_code, 0);
  EXPECT_EQ(streams.out, "codec_type=audio\n");

  const std::string truncated = clip_path(ClipKind::kTruncated);
  ASSERT_FALSE(truncated.empty());
  EXPECT_GT(std::filesystem::file_size(truncated), 10000u);
  EXPECT_NE(run_tool({"ffprobe", "-v", "error", "-show_streams", truncated}).exit_code, 0);
}

TEST(ImageProbe, ReadsSizeAndCodecAndRejectsNonImages) {
  const std::string dir = work_dir("clips_test");
  const std::string png = dir + "/probe.png";
  ASSERT_EQ(run_tool({"ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                      "testsrc2=size=200x100", "-frames:v", "1", png})
                .exit_code,
            0);
  auto info = probe_image(png);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->width, 200);
  EXPECT_EQ(info->height, 100);
  EXPECT_EQ(info->codec, "png");

  EXPECT_FALSE(probe_image(dir + "/missing.png").has_value());
  EXPECT_FALSE(probe_image_bytes({'n', 'o', 't', ' ', 'a', 'n', ' ', 'i', 'm', 'a', 'g', 'e'}).has_value());
}

TEST(ImageProbe, PsnrIsHighForTheSameImageAndLowForDifferentOnes) {
  const std::string dir = work_dir("clips_test");
  const std::string a = dir + "/psnr_a.png";
  const std::string b = dir + "/psnr_b.png";
  const std::string small = dir + "/psnr_small.png";
  ASSERT_EQ(run_tool({"ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                      "testsrc2=size=160x120:rate=25", "-frames:v", "1", a})
                .exit_code,
            0);
  ASSERT_EQ(run_tool({"ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                      "testsrc2=size=160x120:rate=25", "-vf", "negate", "-frames:v", "1", b})
                .exit_code,
            0);
  ASSERT_EQ(run_tool({"ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                      "testsrc2=size=80x60", "-frames:v", "1", small})
                .exit_code,
            0);
  EXPECT_DOUBLE_EQ(psnr_against(a, a), 99.0);
  const double different = psnr_against(a, b);
  EXPECT_GE(different, 0.0);
  EXPECT_LT(different, 20.0);
  EXPECT_EQ(psnr_against(a, small), -1.0);
  const std::vector<double> many = psnr_many(a, {b, a, b});
  ASSERT_EQ(many.size(), 3u);
  EXPECT_DOUBLE_EQ(many[0], different);
  EXPECT_DOUBLE_EQ(many[1], 99.0);
  EXPECT_DOUBLE_EQ(many[2], different);
}

}  // namespace
}  // namespace tg::testing
