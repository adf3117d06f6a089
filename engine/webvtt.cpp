#include <cmath>
#include <algorithm>
#include <cstdio>

#include "engine/engine.hpp"

namespace tg::engine {
namespace {

// Beyond any media (about 31 years), and where llround is still defined; NaN counts as 0.
constexpr double kMaxVttSeconds = 1e9;

std::string vtt_time(double seconds) {
  const double clamped = seconds > 0 ? std::min(seconds, kMaxVttSeconds) : 0.0;
  long long ms = std::llround(clamped * 1000.0);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld.%03lld", ms / 3600000, (ms / 60000) % 60,
                (ms / 1000) % 60, ms % 1000);
  return buf;
}

}  // namespace

std::string render_webvtt(const std::vector<SpriteCue>& cues,
                          const std::function<std::string(int page)>& page_name) {
  std::string out = "WEBVTT\n\n";
  for (const SpriteCue& cue : cues) {
    out += vtt_time(cue.start_s) + " --> " + vtt_time(cue.end_s) + "\n";
    out += page_name(cue.page) + "#xywh=" + std::to_string(cue.x) + "," + std::to_string(cue.y) + "," +
           std::to_string(cue.w) + "," + std::to_string(cue.h) + "\n\n";
  }
  return out;
}

}  // namespace tg::engine
