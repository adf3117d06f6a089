// The engine's frames against the ffmpeg CLI as the reference: exact mode gives the frame the CLI's
// accurate seek gives (the first frame presented at or after T), keyframe mode gives the last keyframe at
// or before T, on long-GOP H.264 with B-frames, HEVC, VP9, rotated, anamorphic, 10-bit and MPEG-TS input.

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/engine.hpp"
#include "support/clips.hpp"
#include "support/image_probe.hpp"
#include "support/tool_command.hpp"

namespace tg::testing {
namespace {

using engine::Image;
using engine::Rotate;
using engine::SeekMode;

constexpr double kFrameStep = 1.0 / 25;  // every clip is 25 fps
constexpr double kMinExactPsnr = 40;     // same decoded frame; only RGB conversion and rounding differ
constexpr double kTimeTolerance = 1e-3;

std::string seconds(double t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", t);
  return buf;
}

// Presentation times (relative to the first frame), keyframe flags and picture types of a clip's video,
// as ffprobe decodes them. Sorted by time.
struct FrameFacts {
  std::vector<double> pts;
  std::vector<double> keyframes;
  std::vector<std::pair<double, std::string>> types;
};

std::string field(const std::string& line, const std::string& key) {
  std::istringstream parts(line);
  std::string part;
  while (std::getline(parts, part, '|')) {
    if (part.rfind(key + "=", 0) == 0) return part.substr(key.size() + 1);
  }
  return "";
}

const FrameFacts& frame_facts(const std::string& clip) {
  static std::map<std::string, FrameFacts> cache;
  auto found = cache.find(clip);
  if (found != cache.end()) return found->second;
  FrameFacts facts;
  ToolOutput r = run_tool({"ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                           "frame=key_frame,best_effort_timestamp_time,pict_type", "-of", "compact=p=0", clip});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  while (std::getline(lines, line)) {
    const std::string ts = field(line, "best_effort_timestamp_time");
    if (ts.empty() || ts == "N/A") continue;
    const double t = std::stod(ts);
    facts.pts.push_back(t);
    facts.types.emplace_back(t, field(line, "pict_type"));
    if (field(line, "key_frame") == "1") facts.keyframes.push_back(t);
  }
  std::sort(facts.pts.begin(), facts.pts.end());
  std::sort(facts.keyframes.begin(), facts.keyframes.end());
  std::sort(facts.types.begin(), facts.types.end());
  if (!facts.pts.empty()) {
    // Relative to the first frame, as the engine's times are.
    const double start = facts.pts.front();
    for (double& t : facts.pts) t -= start;
    for (double& t : facts.keyframes) t -= start;
    for (auto& entry : facts.types) entry.first -= start;
  }
  return cache.emplace(clip, std::move(facts)).first->second;
}

/// The first frame presented at or after `t` (what the CLI's accurate seek returns).
double first_frame_at_or_after(const FrameFacts& facts, double t) {
  for (double p : facts.pts) {
    if (p >= t - 1e-6) return p;
  }
  return -1;
}

double last_keyframe_at_or_before(const FrameFacts& facts, double t) {
  double best = -1;
  for (double k : facts.keyframes) {
    if (k <= t + 1e-6) best = k;
  }
  return best;
}

/// The first frame of picture type `type` at or after `from` seconds.
double first_of_type(const FrameFacts& facts, const std::string& type, double from) {
  for (const auto& [t, pict] : facts.types) {
    if (t >= from && pict == type) return t;
  }
  return -1;
}

// How the CLI reference is made for a clip.
struct CliRecipe {
  // `-ss` after `-i`: decode from the start and drop frames before T. Needed where the CLI's input seek
  // is wrong: MPEG-TS (it lands on frames it cannot decode) and open-GOP HEVC (it starts at the CRA
  // keyframe and drops the leading pictures shown before it, so T=1.96 gives the 2.00 frame).
  bool output_seek = false;
  std::vector<std::string> input_args;   // e.g. -noautorotate
  std::vector<std::string> output_args;  // e.g. -vf scale=640:360
};

/// PNG frames the CLI makes at each of `times` (one ffmpeg run); "" for each when it fails.
std::vector<std::string> cli_frames(const std::string& clip, const std::vector<double>& times,
                                    const CliRecipe& recipe) {
  static std::atomic<int> counter{0};
  const std::string dir = work_dir("exactness");
  std::vector<std::string> args = {"ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"};
  std::vector<std::string> outputs;
  if (recipe.output_seek) {
    args.insert(args.end(), recipe.input_args.begin(), recipe.input_args.end());
    args.insert(args.end(), {"-i", clip});
  } else {
    for (double t : times) {
      args.insert(args.end(), recipe.input_args.begin(), recipe.input_args.end());
      args.insert(args.end(), {"-ss", seconds(t), "-i", clip});
    }
  }
  for (size_t i = 0; i < times.size(); ++i) {
    // The pid keeps parallel test processes (ctest -j) from writing over each other's references.
    outputs.push_back(dir + "/cli-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".png");
    const std::string input = recipe.output_seek ? "0" : std::to_string(i);
    args.insert(args.end(), {"-map", input + ":v:0"});
    if (recipe.output_seek) args.insert(args.end(), {"-ss", seconds(times[i])});
    args.insert(args.end(), recipe.output_args.begin(), recipe.output_args.end());
    args.insert(args.end(), {"-frames:v", "1", "-update", "1", outputs.back()});
  }
  ToolOutput r = run_tool(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  if (r.exit_code != 0) return std::vector<std::string>(times.size());
  return outputs;
}

engine::SnapshotRequest png_request(std::vector<engine::TimePoint> times, SeekMode mode,
                                    Rotate rotate = Rotate::kAuto) {
  engine::SnapshotRequest request;
  request.times = std::move(times);
  request.mode = mode;
  request.image.format = engine::ImageFormat::kPng;
  request.image.rotate = rotate;
  return request;
}

std::optional<Image> engine_frame(const std::string& clip, double t, SeekMode mode, Rotate rotate = Rotate::kAuto) {
  auto result = engine::snapshot(engine::Source{clip}, png_request({engine::TimePoint{t, false}}, mode, rotate));
  if (!result.ok()) {
    ADD_FAILURE() << "snapshot at " << t << " failed: " << engine::errc_name(result.error().code) << ": "
                  << result.error().message;
    return std::nullopt;
  }
  if (result->size() != 1) {
    ADD_FAILURE() << "snapshot returned " << result->size() << " images for one time";
    return std::nullopt;
  }
  return std::move(result->front());
}

// Removes the listed files when the check passed; keeps them for a look when it failed.
class ScratchFiles {
 public:
  ScratchFiles() = default;
  ScratchFiles(const ScratchFiles&) = delete;
  ScratchFiles& operator=(const ScratchFiles&) = delete;
  ~ScratchFiles() {
    if (::testing::Test::HasFailure()) return;
    std::error_code ec;
    for (const auto& path : paths_) std::filesystem::remove(path, ec);
  }
  void add(const std::string& path) { paths_.push_back(path); }
  void add(const std::vector<std::string>& paths) { paths_.insert(paths_.end(), paths.begin(), paths.end()); }

 private:
  std::vector<std::string> paths_;
};

struct ExactCase {
  ClipKind kind;
  double t;
  int width;   // expected image size
  int height;
  CliRecipe recipe;
  Rotate rotate = Rotate::kAuto;
  double min_psnr = kMinExactPsnr;
};

// The engine's exact frame at T is the CLI's frame at T: close to it, and closer to it than to the CLI's
// frames one frame earlier and one frame later; and its reported time is that frame's time.
void expect_exact(const ExactCase& c) {
  const std::string clip = clip_path(c.kind);
  ASSERT_FALSE(clip.empty());
  SCOPED_TRACE("clip " + clip + " at T=" + seconds(c.t));
  const FrameFacts& facts = frame_facts(clip);

  auto image = engine_frame(clip, c.t, SeekMode::kExact, c.rotate);
  ASSERT_TRUE(image.has_value());
  EXPECT_EQ(image->format, engine::ImageFormat::kPng);
  EXPECT_EQ(image->width, c.width);
  EXPECT_EQ(image->height, c.height);
  EXPECT_NEAR(image->requested_s, c.t, kTimeTolerance);
  EXPECT_NEAR(image->frame_s, first_frame_at_or_after(facts, c.t), kTimeTolerance);
  ScratchFiles scratch;
  const std::string got = write_scratch_file(image->data, ".png");
  ASSERT_FALSE(got.empty());
  scratch.add(got);
  auto info = probe_image(got);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->codec, "png");
  EXPECT_EQ(info->width, c.width);
  EXPECT_EQ(info->height, c.height);

  std::vector<double> times = {c.t, c.t + kFrameStep};
  const bool has_before = c.t - kFrameStep >= 0;
  if (has_before) times.push_back(c.t - kFrameStep);
  const std::vector<std::string> refs = cli_frames(clip, times, c.recipe);
  scratch.add(refs);
  ASSERT_FALSE(refs.front().empty());
  const std::vector<double> psnr = psnr_many(got, refs);
  EXPECT_GE(psnr[0], c.min_psnr);
  EXPECT_GT(psnr[0], psnr[1]) << "closer to the CLI frame one frame later";
  if (has_before) {
    EXPECT_GT(psnr[0], psnr[2]) << "closer to the CLI frame one frame earlier";
  }
}

// Keyframe mode returns the last keyframe at or before T: its time, and the picture the CLI decodes there.
void expect_keyframe(ClipKind kind, double t) {
  const std::string clip = clip_path(kind);
  ASSERT_FALSE(clip.empty());
  SCOPED_TRACE("clip " + clip + " keyframe mode at T=" + seconds(t));
  const FrameFacts& facts = frame_facts(clip);
  const double key = last_keyframe_at_or_before(facts, t);
  ASSERT_GE(key, 0);

  auto image = engine_frame(clip, t, SeekMode::kKeyframe);
  ASSERT_TRUE(image.has_value());
  EXPECT_NEAR(image->frame_s, key, kTimeTolerance);
  EXPECT_NEAR(image->requested_s, t, kTimeTolerance);
  ScratchFiles scratch;
  const std::string got = write_scratch_file(image->data, ".png");
  const std::vector<std::string> refs = cli_frames(clip, {key}, CliRecipe{});
  scratch.add(got);
  scratch.add(refs);
  ASSERT_FALSE(refs.front().empty());
  EXPECT_GE(psnr_against(got, refs.front()), kMinExactPsnr);
}

TEST(Exactness, LongGopH264ExactFramesMatchTheCli) {
  const std::string clip = clip_path(ClipKind::kH264LongGop);
  ASSERT_FALSE(clip.empty());
  const double b_frame = first_of_type(frame_facts(clip), "B", 3.0);
  ASSERT_GT(b_frame, 0) << "the clip should have B-frames";
  for (double t : {0.0,     // the first frame
                   5.0,     // mid-GOP: 125 frames after the keyframe
                   9.96,    // the last frame before the second keyframe
                   10.04,   // just after the keyframe at 10 s
                   b_frame}) {
    expect_exact({ClipKind::kH264LongGop, t, 640, 360, {}});
  }
}

TEST(Exactness, HevcExactFramesMatchTheCli) {
  const std::string clip = clip_path(ClipKind::kHevc);
  ASSERT_FALSE(clip.empty());
  const double b_frame = first_of_type(frame_facts(clip), "B", 2.5);
  ASSERT_GT(b_frame, 0) << "the clip should have B-frames";
  // 1.96 is a leading picture: decoded after the keyframe at 2.00 but shown before it.
  for (double t : {1.0, 1.96, 2.04, b_frame, 5.52}) {
    expect_exact({ClipKind::kHevc, t, 640, 360, CliRecipe{true, {}, {}}});
  }
}

TEST(Exactness, Vp9ExactFramesMatchTheCli) {
  for (double t : {1.0, 2.04, 3.56, 5.52}) {
    expect_exact({ClipKind::kVp9Webm, t, 640, 360, {}});
  }
}

TEST(Exactness, BetweenTwoFramesTheCliTakesTheLaterOne) {
  // A time between two frames (here half a frame after one): the CLI's accurate seek drops every frame
  // presented before T, so it gives the next frame; exact mode must give the same picture.
  expect_exact({ClipKind::kH264LongGop, 7.02, 640, 360, {}});
  expect_exact({ClipKind::kHevc, 3.02, 640, 360, CliRecipe{true, {}, {}}});
  expect_exact({ClipKind::kVp9Webm, 3.02, 640, 360, {}});
  expect_exact({ClipKind::kStartOffset, 2.02, 640, 360, CliRecipe{true, {}, {}}});
}

TEST(Exactness, KeyframeModeGivesTheLastKeyframeAtOrBeforeT) {
  for (double t : {0.0, 5.0, 9.99, 10.0, 11.5}) expect_keyframe(ClipKind::kH264LongGop, t);
  // 1.98 lies after the keyframe at 2.00 in decoding order but before it in time.
  for (double t : {1.0, 1.98, 2.0, 3.98, 4.02}) expect_keyframe(ClipKind::kHevc, t);
  for (double t : {1.5, 2.5, 5.9}) expect_keyframe(ClipKind::kVp9Webm, t);
}

TEST(Exactness, RotatedClipIsTurnedUnlessRotationIsOff) {
  // The CLI turns the picture by the display matrix unless told -noautorotate.
  expect_exact({ClipKind::kRotated90, 1.0, 360, 640, {}, Rotate::kAuto});
  expect_exact({ClipKind::kRotated90, 2.52, 640, 360, {false, {"-noautorotate"}, {}}, Rotate::kOff});
}

TEST(Exactness, AnamorphicClipIsStretchedToItsDisplaySize) {
  // The CLI keeps the coded 480x360 and only records the 4:3 pixel shape, so its reference is scaled to
  // the display size; different scalers round differently, hence the lower bound.
  CliRecipe recipe{false, {}, {"-vf", "scale=640:360"}};
  expect_exact({ClipKind::kAnamorphic, 1.0, 640, 360, recipe, Rotate::kAuto, 30});
  expect_exact({ClipKind::kAnamorphic, 2.52, 640, 360, recipe, Rotate::kAuto, 30});
}

TEST(Exactness, TenBitClipMatchesTheCli) {
  expect_exact({ClipKind::kTenBit, 1.0, 640, 360, {}});
  expect_exact({ClipKind::kTenBit, 2.52, 640, 360, {}});
}

TEST(Exactness, StartOffsetTimesCountFromTheFirstFrame) {
  // The stream starts at 10 s; T=1 is the frame 1 s after the first one, which the CLI gives for an
  // output-side -ss 1 (its timestamps start at 0 unless -copyts).
  CliRecipe recipe{true, {}, {}};
  expect_exact({ClipKind::kStartOffset, 1.0, 640, 360, recipe});
  expect_exact({ClipKind::kStartOffset, 3.04, 640, 360, recipe});
}

TEST(Exactness, SeveralTimesInOneCallEqualSeparateCalls) {
  const std::string clip = clip_path(ClipKind::kH264LongGop);
  ASSERT_FALSE(clip.empty());
  // Unsorted, with a repeat, crossing a keyframe and going back before it.
  const std::vector<double> times = {11.0, 2.0, 5.04, 2.0, 9.96, 0.5};
  for (SeekMode mode : {SeekMode::kExact, SeekMode::kKeyframe}) {
    std::vector<engine::TimePoint> points;
    for (double t : times) points.push_back({t, false});
    auto together = engine::snapshot(engine::Source{clip}, png_request(points, mode));
    ASSERT_TRUE(together.ok()) << together.error().message;
    ASSERT_EQ(together->size(), times.size());
    for (size_t i = 0; i < times.size(); ++i) {
      SCOPED_TRACE("T=" + seconds(times[i]) + (mode == SeekMode::kExact ? " exact" : " keyframe"));
      auto alone = engine_frame(clip, times[i], mode);
      ASSERT_TRUE(alone.has_value());
      const Image& joint = (*together)[i];
      EXPECT_NEAR(joint.requested_s, times[i], kTimeTolerance);
      EXPECT_NEAR(joint.frame_s, alone->frame_s, kTimeTolerance);
      EXPECT_EQ(joint.width, alone->width);
      EXPECT_EQ(joint.height, alone->height);
      EXPECT_TRUE(joint.data == alone->data) << "the images differ";
    }
  }
}

TEST(Exactness, PercentTimeIsAShareOfTheDuration) {
  const std::string clip = clip_path(ClipKind::kH264LongGop);
  ASSERT_FALSE(clip.empty());
  // 50 % of the 12 s clip is 6 s.
  auto by_percent = engine::snapshot(engine::Source{clip},
                                     png_request({engine::TimePoint{50, true}}, SeekMode::kExact));
  ASSERT_TRUE(by_percent.ok()) << by_percent.error().message;
  ASSERT_EQ(by_percent->size(), 1u);
  auto by_seconds = engine_frame(clip, 6.0, SeekMode::kExact);
  ASSERT_TRUE(by_seconds.has_value());
  EXPECT_NEAR(by_percent->front().requested_s, 6.0, kTimeTolerance);
  EXPECT_NEAR(by_percent->front().frame_s, by_seconds->frame_s, kTimeTolerance);
  EXPECT_TRUE(by_percent->front().data == by_seconds->data);
}

TEST(Exactness, SampledFramesEqualSnapshotsAtTheSameTimes) {
  const std::string clip = clip_path(ClipKind::kH264LongGop);
  ASSERT_FALSE(clip.empty());
  for (SeekMode mode : {SeekMode::kExact, SeekMode::kKeyframe}) {
    engine::SampleRequest request;
    request.interval = 2.5;
    request.start_s = 0.52;
    request.count = 5;  // 0.52 .. 10.52: across the keyframe at 10 s
    request.mode = mode;
    request.image.format = engine::ImageFormat::kPng;
    std::vector<Image> sampled;
    auto made = engine::sample(engine::Source{clip}, request, [&](Image&& image) {
      sampled.push_back(std::move(image));
      return true;
    });
    ASSERT_TRUE(made.ok()) << made.error().message;
    ASSERT_EQ(*made, 5);
    ASSERT_EQ(sampled.size(), 5u);
    for (size_t i = 0; i < sampled.size(); ++i) {
      const double t = request.start_s + request.interval * static_cast<double>(i);
      SCOPED_TRACE("T=" + seconds(t) + (mode == SeekMode::kExact ? " exact" : " keyframe"));
      EXPECT_NEAR(sampled[i].requested_s, t, kTimeTolerance);
      auto alone = engine_frame(clip, t, mode);
      ASSERT_TRUE(alone.has_value());
      EXPECT_NEAR(sampled[i].frame_s, alone->frame_s, kTimeTolerance);
      EXPECT_TRUE(sampled[i].data == alone->data) << "the images differ";
    }
  }
}

}  // namespace
}  // namespace tg::testing
