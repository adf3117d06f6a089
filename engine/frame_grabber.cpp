#include "engine/frame_grabber.hpp"

#include <cmath>

#include "engine/black_frame.hpp"
#include "engine/engine_error.hpp"
#include "engine/frame_converter.hpp"

namespace tg::engine {

FrameGrabber::FrameGrabber(std::unique_ptr<OpenedInput> input, Rotate rotate)
    : input_(std::move(input)), seeker_(*input_) {
  if (rotate == Rotate::kAuto) orientation_ = stream_orientation(input_->stream());
}

EngineResult<std::unique_ptr<FrameGrabber>> FrameGrabber::open(const Source& source, Rotate rotate,
                                                               SeekMode mode) {
  Source decoding = source;
  if (mode == SeekMode::kKeyframe) decoding.decoder_threads = 1;
  TG_TRY_ASSIGN(auto input, OpenedInput::open(decoding));
  return std::unique_ptr<FrameGrabber>(new FrameGrabber(std::move(input), rotate));
}

EngineResult<double> FrameGrabber::resolve(const TimePoint& point) const {
  if (!std::isfinite(point.value) || point.value < 0) {
    return fail(Errc::kInvalidArgument, "time must be a finite number >= 0");
  }
  if (!point.percent) return point.value;
  if (duration_s() <= 0) return fail(Errc::kUnsupported, "percent time on an input of unknown duration");
  return duration_s() * point.value / 100.0;
}

bool FrameGrabber::same_keyframe(double a_s, double b_s) const {
  AVStream* st = input_->stream();
  const double tb = input_->time_base_s();
  auto index_of = [&](double s) {
    return av_index_search_timestamp(st, input_->start_pts() + std::llround(s / tb), AVSEEK_FLAG_BACKWARD);
  };
  const int a = index_of(a_s);
  return a >= 0 && a == index_of(b_s);
}

void FrameGrabber::set_shown(const std::function<bool(double frame_s, double step_s)>& shown) {
  if (!shown) {
    seeker_.set_shown(nullptr);
    return;
  }
  const double tb = input_->time_base_s();
  const int64_t start = input_->start_pts();
  seeker_.set_shown([shown, tb, start](int64_t pts, int64_t duration) {
    return shown(static_cast<double>(pts - start) * tb, static_cast<double>(duration) * tb);
  });
}

void FrameGrabber::park() {
  seeker_.release();
  input_->close_decoder();
}

EngineResult<GrabbedFrame> FrameGrabber::grab(double seconds, SeekMode mode, const BlackFilter& black,
                                               bool final) {
  if (!input_->decoder()) {
    TG_TRY(input_->reopen_decoder());
  }
  const double tb = input_->time_base_s();
  // Round to the nearest tick, so that a time printed from a frame's pts finds that frame.
  int64_t target = input_->start_pts() + std::llround(seconds / tb);
  // The black filter may need the frames after the chosen one.
  const bool nothing_after = final && !black.enabled();
  TG_TRY_ASSIGN(FramePtr chosen,
                mode == SeekMode::kKeyframe ? seeker_.keyframe(target) : seeker_.exact(target, nothing_after));
  if (black.enabled()) {
    for (int skipped = 0; skipped < black.max_skipped_frames && is_black_frame(chosen.get(), black);
         ++skipped) {
      TG_TRY_ASSIGN(FramePtr next, seeker_.next());
      if (!next) break;
      chosen = std::move(next);
    }
  }
  GrabbedFrame out;
  out.frame_s = static_cast<double>(chosen->pts - input_->start_pts()) * tb;
  out.frame = std::move(chosen);
  return out;
}

EngineResult<Image> FrameGrabber::render(const GrabbedFrame& grabbed, const ImageOptions& options) const {
  TG_TRY_ASSIGN(Image image, render_image(grabbed.frame.get(), stream_sar(), orientation_, options));
  image.frame_s = grabbed.frame_s;
  return image;
}

}  // namespace tg::engine
