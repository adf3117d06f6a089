#include "engine/engine.hpp"
#include "engine/engine_error.hpp"
#include "engine/frame_grabber.hpp"
#include "engine/request_checks.hpp"
#include "engine/sampling_plan.hpp"

namespace tg::engine {

EngineResult<int> sample(const Source& source, const SampleRequest& request, const ImageSink& sink) {
  if (!sink) return fail(Errc::kInvalidArgument, "no image sink");
  if (auto r = check_image_options(request.image); !r) return tg::unexpected(std::move(r.error()));
  if (auto r = check_black_filter(request.black); !r) return tg::unexpected(std::move(r.error()));
  // Catch a bad interval before opening anything (the duration is not needed for that).
  if (auto r = sampling_times(request, 1.0); !r && r.error().code == Errc::kInvalidArgument) {
    return tg::unexpected(std::move(r.error()));
  }
  auto grabber = FrameGrabber::open(source, request.image.rotate, request.mode);
  if (!grabber) return tg::unexpected(std::move(grabber.error()));
  FrameGrabber& g = **grabber;
  auto times = sampling_times(request, g.duration_s());
  if (!times) return tg::unexpected(std::move(times.error()));

  int made = 0;
  for (double t : *times) {
    auto frame = g.grab(t, request.mode, request.black);
    if (!frame) return tg::unexpected(std::move(frame.error()));
    auto image = g.render(*frame, request.image);
    if (!image) return tg::unexpected(std::move(image.error()));
    image->requested_s = t;
    image->index = made;
    ++made;
    if (!sink(std::move(*image))) break;
  }
  return made;
}

}  // namespace tg::engine
