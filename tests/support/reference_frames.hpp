#pragma once
// Reference pictures of a clip made by the ffmpeg CLI (and facts from ffprobe), to judge the frame an
// answer shows, not only its size: which time it was taken at, keyframe or exact, turned or not.

#include <string>
#include <vector>

namespace tg::testing {

/// A PNG (in the build tree) of the frame the ffmpeg CLI shows at `t` seconds of `clip`: its accurate
/// seek, the first frame presented at or after t, turned by the display matrix unless `input_args` say
/// "-noautorotate". "" (and a test failure) when ffmpeg fails.
std::string reference_frame(const std::string& clip, double t, const std::vector<std::string>& input_args = {});

/// Presentation times of the video's keyframes, in seconds from the stream's start, ascending.
std::vector<double> keyframe_times(const std::string& clip);

/// Duration of the clip's video stream in seconds (0 when ffprobe cannot tell).
double video_duration(const std::string& clip);

}  // namespace tg::testing
