#include "engine/animated_plan.hpp"

#include <cmath>
#include <string>

#include "engine/engine_error.hpp"

namespace tg::engine {
namespace {

// Mux's default width when neither side is given.
constexpr int kDefaultAnimatedWidth = 320;
// Slots closer to the end than this (a rounding error of the division) are left out.
constexpr double kSlotEpsilon = 1e-6;

}  // namespace

EngineResult<Ok> check_animated_request(const AnimatedRequest& r) {
  if (!std::isfinite(r.start_s) || !std::isfinite(r.end_s) || r.start_s < 0) {
    return fail(Errc::kInvalidArgument, "start and end must be finite numbers, start >= 0");
  }
  if (r.end_s <= r.start_s) return fail(Errc::kInvalidArgument, "end must be after start");
  const double span = r.end_s - r.start_s;
  if (span > kMaxAnimatedSpanS + kSlotEpsilon) {
    return fail(Errc::kInvalidArgument, "an animation lasts at most 10 seconds");
  }
  if (span < kMinAnimatedSpanS - kSlotEpsilon) {
    return fail(Errc::kInvalidArgument, "an animation lasts at least 0.25 seconds");
  }
  if (r.width < 0 || r.height < 0 || r.width > kMaxAnimatedSide || r.height > kMaxAnimatedSide) {
    return fail(Errc::kInvalidArgument, "animation width and height must be 0.." + std::to_string(kMaxAnimatedSide));
  }
  if (!std::isfinite(r.fps) || r.fps <= 0 || r.fps > kMaxAnimatedFps) {
    return fail(Errc::kInvalidArgument, "fps must be above 0 and at most 30");
  }
  if (r.format == AnimatedFormat::kWebp && (r.quality < 1 || r.quality > 100)) {
    return fail(Errc::kInvalidArgument, "WebP quality must be 1..100");
  }
  return Ok{};
}

EngineResult<double> clip_animated_end(const AnimatedRequest& r, double duration_s) {
  if (duration_s <= 0) return r.end_s;
  if (r.start_s >= duration_s) return fail(Errc::kInvalidArgument, "start is past the end of the media");
  return std::min(r.end_s, duration_s);
}

std::vector<double> animated_slots(double start_s, double end_s, double fps) {
  std::vector<double> slots{start_s};
  for (int k = 1; k <= 100000; ++k) {
    const double t = start_s + k / fps;
    if (t >= end_s - kSlotEpsilon) break;
    slots.push_back(t);
  }
  return slots;
}

ImageOptions animated_image_options(const AnimatedRequest& r) {
  ImageOptions o;
  o.width = r.width;
  o.height = r.height;
  if (o.width == 0 && o.height == 0) o.width = kDefaultAnimatedWidth;
  o.fit = Fit::kPreserve;
  o.rotate = r.rotate;
  return o;
}

}  // namespace tg::engine
