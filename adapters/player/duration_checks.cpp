#include "adapters/player/duration_checks.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace tg::adapters::player {
namespace {

std::string seconds_text(int64_t ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%03lld", static_cast<long long>(ms / 1000), static_cast<long long>(ms % 1000));
  return buf;
}

}  // namespace

std::optional<int64_t> duration_ms_of(double duration_s) {
  if (!std::isfinite(duration_s) || duration_s <= 0 || duration_s > static_cast<double>(kMaxTimeSeconds)) {
    return std::nullopt;
  }
  const int64_t ms = std::llround(duration_s * 1000.0);
  if (ms < 1) return std::nullopt;
  return ms;
}

tg::Result<PlayerRequest, PlayerError> apply_duration(PlayerRequest request, double duration_s) {
  const auto duration_ms = duration_ms_of(duration_s);
  if (!duration_ms) return tg::unexpected(invalid_parameter("media", "the media has no usable duration"));
  const std::string end_text = " is past the end of the media (" + seconds_text(*duration_ms) + " s)";
  if (auto* t = std::get_if<ThumbnailParams>(&request.params)) {
    if (!t->time_ms) {
      t->time_ms = *duration_ms / 2;
    } else if (*t->time_ms > *duration_ms) {
      return tg::unexpected(invalid_parameter("time", "time " + seconds_text(*t->time_ms) + end_text));
    }
  } else if (auto* a = std::get_if<AnimatedParams>(&request.params)) {
    if (a->start_ms >= *duration_ms) {
      return tg::unexpected(invalid_parameter("start", "start " + seconds_text(a->start_ms) + end_text));
    }
    const int64_t end = a->end_ms.value_or(a->start_ms + kDefaultAnimatedSpanMs);
    a->end_ms = std::min(end, *duration_ms);
  }
  return request;
}

}  // namespace tg::adapters::player
