#include "engine/sampling_plan.hpp"

#include <cmath>
#include <string>

#include "engine/engine_error.hpp"

namespace tg::engine {

EngineResult<std::vector<double>> sampling_times(const SampleRequest& r, double duration_s) {
  if (!std::isfinite(r.interval) || r.interval <= 0) {
    return fail(Errc::kInvalidArgument, "interval must be a positive number");
  }
  if (r.percent && r.interval > 100) return fail(Errc::kInvalidArgument, "percent interval above 100");
  if (!std::isfinite(r.start_s) || r.start_s < 0) {
    return fail(Errc::kInvalidArgument, "start must be a finite number >= 0");
  }
  if (r.count < 0) return fail(Errc::kInvalidArgument, "count must be >= 0");
  const bool known = std::isfinite(duration_s) && duration_s > 0;
  if (!known && (r.percent || r.count == 0)) {
    return fail(Errc::kUnsupported, "the input's duration is unknown");
  }
  const double step = r.percent ? duration_s * r.interval / 100.0 : r.interval;
  if (!(step > 0)) return fail(Errc::kInvalidArgument, "interval rounds to zero");
  // Times within a microsecond of the end count as the end (10 % x 10 is not a sample).
  const double end = known ? duration_s - 1e-6 : INFINITY;
  std::vector<double> times;
  for (int64_t i = 0;; ++i) {
    if (r.count > 0 && static_cast<int64_t>(times.size()) >= r.count) break;
    double t = r.start_s + static_cast<double>(i) * step;
    if (!(t < end)) break;
    if (static_cast<int64_t>(times.size()) >= kMaxSamples) {
      return fail(Errc::kInvalidArgument, "more than " + std::to_string(kMaxSamples) + " samples");
    }
    // Far enough from zero a double cannot hold start + step apart from start: every sample would repeat.
    if (!times.empty() && !(t > times.back())) {
      return fail(Errc::kInvalidArgument, "interval too small to move on from the start time");
    }
    times.push_back(t);
  }
  return times;
}

}  // namespace tg::engine
