// animated(): the frames of a span at a frame rate, each decoded once, as a looping GIF or WebP.

#include <algorithm>
#include <cmath>

#include "engine/animated_plan.hpp"
#include "engine/animation_sink.hpp"
#include "engine/engine.hpp"
#include "engine/engine_error.hpp"
#include "engine/frame_converter.hpp"
#include "engine/frame_grabber.hpp"

namespace tg::engine {
namespace {

// A frame answering a slot lies at or after it; one before it by more than this is the last frame of
// a stream that ended before the slot.
constexpr double kPastEndTolerance = 1e-3;

int64_t to_ms(double seconds) { return std::llround(seconds * 1000.0); }

}  // namespace

EngineResult<Animation> animated(const Source& source, const AnimatedRequest& request) {
  TG_TRY(check_animated_request(request));
  TG_TRY_ASSIGN(auto grabber, FrameGrabber::open(source, request.rotate, SeekMode::kExact));
  FrameGrabber& g = *grabber;
  TG_TRY_ASSIGN(const double end_s, clip_animated_end(request, g.duration_s()));
  const std::vector<double> slots = animated_slots(request.start_s, end_s, request.fps);
  const ImageOptions options = animated_image_options(request);

  // A slot shows the first frame at or after it, so a frame is shown only when a slot falls in the
  // frame interval before it (widened by half a frame against uneven timestamps).
  g.set_shown([&slots](double frame_s, double step_s) {
    const double from = frame_s - 1.5 * step_s;
    const double to = frame_s + kPastEndTolerance;
    auto it = std::lower_bound(slots.begin(), slots.end(), from);
    return it != slots.end() && *it <= to;
  });

  Animation result;
  result.format = request.format;
  std::unique_ptr<AnimationSink> sink;
  const BlackFilter no_filter;
  double shown_s = -1;  // the frame shown by the previous slot
  size_t played = 0;    // slots answered
  for (size_t k = 0; k < slots.size(); ++k) {
    // The seeker decodes forward from one slot to the next (one seek, to the keyframe before the
    // start) and leaves out the non-reference frames no slot shows.
    TG_TRY_ASSIGN(GrabbedFrame frame, g.grab(slots[k], SeekMode::kExact, no_filter, k + 1 == slots.size()));
    if (frame.frame_s < slots[k] - kPastEndTolerance) {
      if (k == 0) return fail(Errc::kInvalidArgument, "start is past the end of the media");
      break;  // the stream ended before this slot
    }
    played = k + 1;
    if (k > 0 && frame.frame_s == shown_s) continue;  // a slower source: the picture stays on
    shown_s = frame.frame_s;
    if (!sink) {
      // The first picture decides the size (its own sample aspect ratio and orientation).
      TG_TRY_ASSIGN(auto plan, plan_size(frame_geometry(frame.frame.get(), g.stream_sar(),
                                                        compose(g.orientation(), options.turn_degrees,
                                                                options.flip_h, options.flip_v)),
                                         options, true));
      result.width = plan.image_width;
      result.height = plan.image_height;
      if (request.format == AnimatedFormat::kGif) {
        sink = make_gif_sink(result.width, result.height);
      } else {
        TG_TRY_ASSIGN(sink, make_webp_animation_sink(result.width, result.height, request.quality));
      }
      result.first_frame_s = frame.frame_s;
    }
    const AVPixelFormat format = sink->pixel_format();
    TG_TRY_ASSIGN(FramePtr picture, render_picture(frame.frame.get(), g.stream_sar(), g.orientation(), options,
                                                   format, format == AV_PIX_FMT_YUVJ420P));
    if (picture->width != result.width || picture->height != result.height) {
      // A stream whose frame size changes midway: every picture keeps the first one's size.
      ImageOptions fixed = options;
      fixed.width = result.width;
      fixed.height = result.height;
      fixed.fit = Fit::kPad;
      TG_TRY_ASSIGN(picture, render_picture(frame.frame.get(), g.stream_sar(), g.orientation(), fixed, format,
                                            format == AV_PIX_FMT_YUVJ420P));
    }
    picture->colorspace = frame.frame->colorspace;
    picture->color_range = format == AV_PIX_FMT_YUVJ420P ? AVCOL_RANGE_JPEG : AVCOL_RANGE_UNSPECIFIED;
    TG_TRY(sink->add(std::move(picture), to_ms(slots[k] - request.start_s)));
    ++result.frame_count;
  }
  if (!sink) return fail(Errc::kInvalidArgument, "start is past the end of the media");
  const double loop_s = played / request.fps;
  TG_TRY_ASSIGN(result.data, sink->finish(to_ms(loop_s)));
  result.duration_s = loop_s;
  return result;
}

}  // namespace tg::engine
