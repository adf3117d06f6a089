#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/engine.hpp"
#include "engine/engine_error.hpp"
#include "engine/frame_grabber.hpp"
#include "engine/request_checks.hpp"

namespace tg::engine {

EngineResult<std::vector<Image>> snapshot(const Source& source, const SnapshotRequest& request) {
  if (request.times.empty()) return fail(Errc::kInvalidArgument, "no time points requested");
  for (const TimePoint& t : request.times) {
    if (!std::isfinite(t.value) || t.value < 0) {
      return fail(Errc::kInvalidArgument, "time must be a finite number >= 0");
    }
  }
  TG_TRY(check_image_options(request.image));
  TG_TRY(check_black_filter(request.black));

  TG_TRY_ASSIGN(auto grabber, FrameGrabber::open(source, request.image.rotate, request.mode));
  FrameGrabber& g = *grabber;

  std::vector<double> seconds;
  seconds.reserve(request.times.size());
  for (const TimePoint& t : request.times) {
    TG_TRY_ASSIGN(double s, g.resolve(t));
    seconds.push_back(s);
  }
  // Visit the times in stream order so that close ones share one seek; answer in request order.
  std::vector<size_t> order(seconds.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return seconds[a] < seconds[b]; });

  std::vector<Image> images(seconds.size());
  for (size_t n = 0; n < order.size(); ++n) {
    const size_t i = order[n];
    TG_TRY_ASSIGN(auto frame, g.grab(seconds[i], request.mode, request.black, n + 1 == order.size()));
    TG_TRY_ASSIGN(images[i], g.render(frame, request.image));
    images[i].requested_s = seconds[i];
    images[i].index = static_cast<int>(i);
  }
  return images;
}

}  // namespace tg::engine
