#include "support/reference_frames.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "support/clips.hpp"
#include "support/tool_command.hpp"

namespace tg::testing {
namespace {

std::string seconds(double t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", t);
  return buf;
}

// ffprobe's one value of the video stream's `entry` ("" when absent or N/A).
std::string stream_entry(const std::string& clip, const std::string& entry) {
  ToolOutput r = run_tool({"ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=" + entry,
                           "-of", "default=noprint_wrappers=1:nokey=1", clip});
  std::string value = r.exit_code == 0 ? r.out : "";
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
  return value == "N/A" ? "" : value;
}

}  // namespace

std::string reference_frame(const std::string& clip, double t, const std::vector<std::string>& input_args) {
  static std::atomic<int> counter{0};
  // The pid keeps parallel test processes (ctest -j) from writing over each other's references.
  const std::string out = work_dir("reference-frames") + "/ref-" + std::to_string(::getpid()) + "-" +
                          std::to_string(counter++) + ".png";
  std::vector<std::string> args = {"ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"};
  args.insert(args.end(), input_args.begin(), input_args.end());
  args.insert(args.end(), {"-ss", seconds(t), "-i", clip, "-map", "0:v:0", "-frames:v", "1", "-update", "1", out});
  ToolOutput r = run_tool(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? out : "";
}

std::vector<double> keyframe_times(const std::string& clip) {
  const std::string start_text = stream_entry(clip, "start_time");
  const double start = start_text.empty() ? 0 : std::strtod(start_text.c_str(), nullptr);
  ToolOutput r = run_tool({"ffprobe", "-v", "error", "-select_streams", "v:0", "-skip_frame", "nokey",
                           "-show_entries", "frame=best_effort_timestamp_time", "-of", "csv=p=0", clip});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::vector<double> times;
  std::istringstream lines(r.out);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line.rfind("N/A", 0) == 0) continue;
    times.push_back(std::strtod(line.c_str(), nullptr) - start);
  }
  std::sort(times.begin(), times.end());
  return times;
}

double video_duration(const std::string& clip) {
  const std::string text = stream_entry(clip, "duration");
  return text.empty() ? 0 : std::strtod(text.c_str(), nullptr);
}

}  // namespace tg::testing
