#pragma once
// The seek + decode core: the frame displayed at a time (exact) or the keyframe before it, decoding
// forward instead of seeking again when the next time lies in the part of the stream already read.

#include <cstdint>
#include <functional>

#include "engine/av_handles.hpp"
#include "engine/input_opener.hpp"

namespace tg::engine {

class FrameSeeker {
 public:
  explicit FrameSeeker(OpenedInput& input);

  /// The first frame presented at or after target (stream time base), as the ffmpeg tool's accurate
  /// seek gives it; the last frame when target is past the end. The frame's pts is its presentation time.
  /// `final`: no other frame will be asked of this seeker, so nothing past the answer is decoded (a
  /// later call still works, from a new seek).
  EngineResult<FramePtr> exact(int64_t target, bool final = false);
  /// The last keyframe at or before target, decoded alone (packet then drain).
  EngineResult<FramePtr> keyframe(int64_t target);
  /// The frame after the one returned last; null at the end of the stream.
  EngineResult<FramePtr> next();
  /// Drops every decoded frame it holds; the next call starts from a seek. For a decoder about to close.
  void release();
  /// Tells which frames (by pts and duration, stream time base) later calls may answer with: a
  /// non-reference frame for which `shown` is false is left out before the decoder. Null: every frame
  /// may be an answer (the default).
  void set_shown(std::function<bool(int64_t pts, int64_t duration)> shown) { shown_ = std::move(shown); }

 private:
  EngineResult<Ok> seek_to(int64_t ts);
  EngineResult<Ok> seek_for_exact(int64_t target, int64_t skip_below);
  EngineResult<Ok> rewind();
  void reset_after_seek();
  /// Drops the decoded frames and what was known about the read position (shared by release and seeks).
  void forget_position();
  /// kTooLarge when a decoded frame is above the source size limit.
  EngineResult<Ok> check_decoded_size(const AVFrame* frame) const;
  EngineResult<FramePtr> decode_next(int64_t skip_below);
  bool can_continue_to(int64_t target) const;
  int64_t frame_pts(const AVFrame* frame);
  bool disposable(const AVPacket* packet) const;

  OpenedInput& in_;
  std::function<bool(int64_t pts, int64_t duration)> shown_;
  PacketPtr packet_;
  FramePtr current_;    // the frame handed out last
  FramePtr lookahead_;  // decoded after current_, not handed out yet
  bool forward_ = false;    // the decoder continues from current_ / lookahead_
  bool demux_eof_ = false;
  bool decoder_eof_ = false;
  bool indexed_ = false;        // the demuxer has a keyframe index to look targets up in
  bool byte_rewind_ = false;    // no container index: a byte offset of 0 is the true start
  int h264_length_size_ = -1;   // H.264 NAL framing (h264_nal.hpp); -1: other codecs, or unknown
  int64_t drain_at_ = AV_NOPTS_VALUE;  // a final target: once a packet with this pts is sent, drain
  int64_t last_dts_ = AV_NOPTS_VALUE;  // dts of the last packet sent to the decoder
  int64_t last_pts_ = AV_NOPTS_VALUE;  // pts of the last frame decoded
  int64_t prev_pts_ = AV_NOPTS_VALUE;  // pts of the frame shown before current_, when known
  int64_t frame_step_ = 1;  // one frame's duration in the stream time base
  int64_t second_ = 1;      // one second in the stream time base
};

}  // namespace tg::engine
