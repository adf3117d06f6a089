#include "engine/engine.hpp"
#include "engine/engine_error.hpp"
#include "engine/frame_grabber.hpp"
#include "engine/request_checks.hpp"
#include "engine/sampling_plan.hpp"

namespace tg::engine {

EngineResult<int> sample(const Source& source, const SampleRequest& request, const ImageSink& sink) {
  if (!sink) return fail(Errc::kInvalidArgument, "no image sink");
  TG_TRY(check_image_options(request.image));
  TG_TRY(check_black_filter(request.black));
  // Catch a bad interval before opening anything (the duration is not needed for that).
  if (auto r = sampling_times(request, 1.0); !r && r.error().code == Errc::kInvalidArgument) {
    return tg::unexpected(std::move(r.error()));
  }
  TG_TRY_ASSIGN(auto grabber, FrameGrabber::open(source, request.image.rotate, request.mode));
  FrameGrabber& g = *grabber;
  TG_TRY_ASSIGN(auto times, sampling_times(request, g.duration_s()));

  int made = 0;
  for (double t : times) {
    TG_TRY_ASSIGN(auto frame, g.grab(t, request.mode, request.black));
    TG_TRY_ASSIGN(Image image, g.render(frame, request.image));
    image.requested_s = t;
    image.index = made;
    ++made;
    if (!sink(std::move(image))) break;
  }
  return made;
}

}  // namespace tg::engine
