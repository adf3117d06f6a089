#pragma once
// One opened input ready to hand out frames at times in seconds, with the black-frame filter, and
// to render them as images. Shared by snapshot, sample and sprite.

#include <memory>

#include "engine/frame_seeker.hpp"
#include "engine/input_opener.hpp"
#include "engine/rotation.hpp"

namespace tg::engine {

struct GrabbedFrame {
  FramePtr frame;
  double frame_s = 0;  // presentation time from the stream start
};

class FrameGrabber {
 public:
  /// Opens `source`; `rotate` decides whether the display matrix is honoured. For keyframe `mode`
  /// the decoder gets one thread: keyframes are decoded one at a time and drained, so more threads
  /// would only cost their start-up.
  [[nodiscard]] static EngineResult<std::unique_ptr<FrameGrabber>> open(
      const Source& source, Rotate rotate, SeekMode mode = SeekMode::kExact);

  /// The frame for `seconds` (from the stream start) in `mode`, skipping black frames per `black`.
  /// `final`: the last frame this grabber will be asked for, so nothing past it needs decoding.
  EngineResult<GrabbedFrame> grab(double seconds, SeekMode mode, const BlackFilter& black, bool final = false);
  /// The encoded image of a grabbed frame.
  EngineResult<Image> render(const GrabbedFrame& grabbed, const ImageOptions& options) const;
  /// `point` in seconds from the stream start (percent of the duration when it says so).
  EngineResult<double> resolve(const TimePoint& point) const;
  /// True when the container's keyframe index puts the same keyframe last at or before both times
  /// (seconds from the stream start); false when it does not, or there is no index to tell.
  bool same_keyframe(double a_s, double b_s) const;

  /// Which frames later grabs may answer with: `shown(frame_s, step_s)` for a frame presented at frame_s
  /// (seconds from the stream start) lasting step_s; non-reference frames it refuses are not decoded.
  void set_shown(const std::function<bool(double frame_s, double step_s)>& shown);

  double duration_s() const { return input_->duration_s(); }
  const Orientation& orientation() const { return orientation_; }
  AVRational stream_sar() const { return input_->stream()->sample_aspect_ratio; }
  /// The opened input, e.g. to re-arm it with a new call's deadline when the grabber is reused.
  OpenedInput& input() { return *input_; }
  /// Lets go of the decoded frames and closes the decoder (freeing its frame pool), keeping the opened
  /// demuxer; the next grab opens a new decoder. For a grabber kept idle.
  void park();
  /// Estimated bytes it holds now: the opened input, and the decoder's frames unless parked.
  std::size_t held_bytes() const { return input_->parked_bytes() + input_->decoder_bytes(); }
  /// True when parked: no decoder until the next grab.
  bool parked() const { return input_->decoder() == nullptr; }

 private:
  FrameGrabber(std::unique_ptr<OpenedInput> input, Rotate rotate);

  std::unique_ptr<OpenedInput> input_;
  FrameSeeker seeker_;
  Orientation orientation_;
};

}  // namespace tg::engine
