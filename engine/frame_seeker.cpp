#include "engine/frame_seeker.hpp"

#include <algorithm>
#include <string_view>

#include "engine/engine_error.hpp"
#include "engine/h264_nal.hpp"

namespace tg::engine {
namespace {

constexpr int kSeekAttempts = 10;
constexpr int kMaxPacketsForKeyframe = 5000;
constexpr int kMaxBadPackets = 200;

}  // namespace

FrameSeeker::FrameSeeker(OpenedInput& input) : in_(input), packet_(av_packet_alloc()) {
  const AVStream* st = in_.stream();
  AVRational tb = st->time_base;
  second_ = std::max<int64_t>(1, av_rescale_q(1, AVRational{1, 1}, tb));
  AVRational rate = st->avg_frame_rate.num > 0 ? st->avg_frame_rate : st->r_frame_rate;
  frame_step_ = rate.num > 0 ? std::max<int64_t>(1, av_rescale_q(1, av_inv_q(rate), tb)) : second_ / 25;
  frame_step_ = std::max<int64_t>(1, frame_step_);
  std::string_view name = in_.format()->iformat->name;
  // Streams without a container index, where a byte offset of 0 is the true start.
  byte_rewind_ = name == "mpegts" || name == "mpeg" || name == "h264" || name == "hevc" ||
                 name == "mpegvideo" || name == "m4v";
  indexed_ = name.find("mp4") != std::string_view::npos || name.find("matroska") != std::string_view::npos;
  const AVCodecParameters* par = st->codecpar;
  if (par->codec_id == AV_CODEC_ID_H264) {
    h264_length_size_ = h264_nal_length_size(par->extradata, static_cast<size_t>(std::max(0, par->extradata_size)));
  }
}

bool FrameSeeker::disposable(const AVPacket* packet) const {
  return h264_length_size_ >= 0 &&
         h264_unit_is_disposable(packet->data, static_cast<size_t>(std::max(0, packet->size)), h264_length_size_);
}

int64_t FrameSeeker::frame_pts(const AVFrame* frame) {
  if (frame->best_effort_timestamp != AV_NOPTS_VALUE) return frame->best_effort_timestamp;
  if (frame->pts != AV_NOPTS_VALUE) return frame->pts;
  return last_pts_ == AV_NOPTS_VALUE ? in_.start_pts() : last_pts_ + frame_step_;
}

EngineResult<Ok> FrameSeeker::check_decoded_size(const AVFrame* frame) const {
  if (source_size_ok(frame->width, frame->height)) return Ok{};
  return fail(Errc::kTooLarge, "a decoded frame is above the size limit",
              "decoded " + std::to_string(frame->width) + "x" + std::to_string(frame->height) + " in " +
                  in_.log_name());
}

void FrameSeeker::forget_position() {
  current_.reset();
  lookahead_.reset();
  forward_ = false;
  demux_eof_ = false;
  decoder_eof_ = false;
  last_dts_ = AV_NOPTS_VALUE;
  last_pts_ = AV_NOPTS_VALUE;
  prev_pts_ = AV_NOPTS_VALUE;
}

void FrameSeeker::release() {
  forget_position();
  av_packet_unref(packet_.get());
  drain_at_ = AV_NOPTS_VALUE;
}

void FrameSeeker::reset_after_seek() {
  avcodec_flush_buffers(in_.decoder());
  forget_position();
}

EngineResult<Ok> FrameSeeker::seek_to(int64_t ts) {
  AVFormatContext* fmt = in_.format();
  int rc = av_seek_frame(fmt, in_.stream_index(), ts, AVSEEK_FLAG_BACKWARD);
  if (rc < 0) {
    // Before the first index entry, or a demuxer that cannot seek by time: start over.
    rc = avformat_seek_file(fmt, in_.stream_index(), INT64_MIN, in_.start_pts(), in_.start_pts(), 0);
  }
  if (rc < 0) rc = av_seek_frame(fmt, -1, 0, AVSEEK_FLAG_BYTE);
  if (rc < 0) return tg::unexpected(in_.error_for(rc, "cannot seek in " + in_.log_name()));
  reset_after_seek();
  return Ok{};
}

EngineResult<Ok> FrameSeeker::rewind() {
  AVFormatContext* fmt = in_.format();
  if (byte_rewind_ && av_seek_frame(fmt, -1, 0, AVSEEK_FLAG_BYTE) >= 0) {
    reset_after_seek();
    return Ok{};
  }
  return seek_to(INT64_MIN + 1);
}

EngineResult<FramePtr> FrameSeeker::decode_next(int64_t skip_below) {
  AVCodecContext* dec = in_.decoder();
  AVFormatContext* fmt = in_.format();
  int bad_packets = 0;
  for (;;) {
    TG_TRY(in_.check());
    if (decoder_eof_) return FramePtr();
    FramePtr frame = make_frame();
    if (!frame) return fail(Errc::kInternal, "out of memory");
    int rc = avcodec_receive_frame(dec, frame.get());
    if (rc == 0) {
      TG_TRY(check_decoded_size(frame.get()));
      frame->pts = frame_pts(frame.get());
      last_pts_ = frame->pts;
      return frame;
    }
    if (rc == AVERROR_EOF) {
      decoder_eof_ = true;
      return FramePtr();
    }
    if (rc != AVERROR(EAGAIN)) {
      return fail_with_detail(Errc::kCorrupt, "decoding " + in_.log_name() + " failed: " + av_error_text(rc));
    }
    if (demux_eof_) {
      decoder_eof_ = true;
      return FramePtr();
    }
    rc = av_read_frame(fmt, packet_.get());
    if (rc < 0) {
      if (rc == AVERROR_EXIT || rc == AVERROR(ETIMEDOUT)) {
        return tg::unexpected(in_.error_for(rc, "reading " + in_.log_name()));
      }
      // End of file, or a truncated/damaged tail: decode what was read.
      demux_eof_ = true;
      avcodec_send_packet(dec, nullptr);
      continue;
    }
    if (packet_->stream_index != in_.stream_index()) {
      av_packet_unref(packet_.get());
      continue;
    }
    // How far the demuxer has read, for comparing with index entries (pts where there is no dts).
    if (packet_->dts != AV_NOPTS_VALUE) last_dts_ = packet_->dts;
    else if (packet_->pts != AV_NOPTS_VALUE) last_dts_ = std::max(last_dts_, packet_->pts);
    // Frames well before the target are never shown; nothing depends on non-reference ones.
    bool skippable = packet_->pts != AV_NOPTS_VALUE && packet_->pts < skip_below;
    const bool never_shown = shown_ && packet_->pts != AV_NOPTS_VALUE &&
                             !shown_(packet_->pts, packet_->duration > 0 ? packet_->duration : frame_step_);
    if ((skippable || never_shown) && disposable(packet_.get())) {
      // An H.264 unit of non-reference slices is left out before the decoder: with frame threads,
      // even a skipped packet would hold a thread's turn.
      av_packet_unref(packet_.get());
      continue;
    }
    dec->skip_frame = skippable ? AVDISCARD_NONREF : AVDISCARD_DEFAULT;
    const bool answer_sent = drain_at_ != AV_NOPTS_VALUE && packet_->pts == drain_at_;
    rc = avcodec_send_packet(dec, packet_.get());
    av_packet_unref(packet_.get());
    if (rc < 0 && rc != AVERROR(EAGAIN)) {
      if (++bad_packets > kMaxBadPackets) {
        return fail_with_detail(Errc::kCorrupt,
                                "too many undecodable packets in " + in_.log_name() + ": " + av_error_text(rc));
      }
    } else if (answer_sent) {
      // The frame presented exactly at a final target is the answer whatever follows it: drain
      // instead of decoding the frames the decoder would wait for to reorder.
      demux_eof_ = true;
      avcodec_send_packet(dec, nullptr);
    }
  }
}

bool FrameSeeker::can_continue_to(int64_t target) const {
  if (!forward_ || !current_) return false;
  // current_ answers every target in (the frame before it, its own pts].
  if (target <= current_->pts) return prev_pts_ != AV_NOPTS_VALUE && target > prev_pts_;
  if (lookahead_ && target <= lookahead_->pts) return true;
  if (decoder_eof_) return true;
  if (indexed_) {
    int idx = av_index_search_timestamp(in_.stream(), target, AVSEEK_FLAG_BACKWARD);
    if (idx >= 0) {
      const AVIndexEntry* entry = avformat_index_get_entry(in_.stream(), idx);
      // Re-seek only when a keyframe lies between what was read and the target.
      return entry && last_dts_ != AV_NOPTS_VALUE && entry->timestamp <= last_dts_;
    }
  }
  return target - current_->pts <= 3 * second_;
}

EngineResult<Ok> FrameSeeker::seek_for_exact(int64_t target, int64_t skip_below) {
  int64_t seek_ts = target;
  int64_t step = second_;
  bool rewound = false;
  for (int attempt = 0; attempt < kSeekAttempts; ++attempt) {
    TG_TRY(seek_to(seek_ts));
    TG_TRY_ASSIGN(FramePtr first, decode_next(skip_below));
    bool at_start = seek_ts <= in_.start_pts();
    if (first && first->pts > target && at_start && !rewound) {
      // A time seek to the start may land after the first keyframe (MPEG-TS has no index): go
      // back to the first byte and look again.
      rewound = true;
      TG_TRY(rewind());
      TG_TRY_ASSIGN(first, decode_next(skip_below));
    }
    if (first && (first->pts <= target || at_start)) {
      lookahead_ = std::move(first);
      forward_ = true;
      return Ok{};
    }
    if (!first && at_start) {
      return fail_with_detail(Errc::kCorrupt, "no frame could be decoded from " + in_.log_name());
    }
    // The keyframe found shows after the target (seek by dts, or an index ahead): go further back.
    int64_t from = first ? std::min(seek_ts, first->pts) : seek_ts;
    seek_ts = std::max(in_.start_pts(), from - step);
    step *= 2;
  }
  return fail_with_detail(Errc::kCorrupt, "cannot find a frame before the requested time in " + in_.log_name());
}

EngineResult<FramePtr> FrameSeeker::exact(int64_t target, bool final) {
  // Frames well before the target are never shown (the ones just before it tell later calls where
  // this answer's span starts); but near the end of the stream the last frame may be the answer, so
  // nothing is skipped there.
  const int64_t window = final ? 0 : std::max<int64_t>(2 * frame_step_, second_ / 25);
  int64_t skip_below = target > INT64_MIN + window ? target - window : INT64_MIN;
  const double duration = in_.duration_s();
  if (duration > 0) {
    const int64_t near_end = in_.start_pts() + static_cast<int64_t>(duration * second_) - 2 * second_;
    skip_below = std::min(skip_below, near_end);
  }
  if (!can_continue_to(target)) {
    // The skipping starts with the first packets after the seek, before any frame comes out.
    TG_TRY(seek_for_exact(target, skip_below));
  }
  // Decode forward to the first frame presented at or after the target.
  drain_at_ = final && !decoder_eof_ ? target : AV_NOPTS_VALUE;
  while (!current_ || current_->pts < target) {
    if (!lookahead_) {
      TG_TRY_ASSIGN(FramePtr next, decode_next(skip_below));
      if (!next) break;  // past the end: the last frame stays
      lookahead_ = std::move(next);
    }
    prev_pts_ = current_ ? current_->pts : AV_NOPTS_VALUE;
    current_ = std::move(lookahead_);
  }
  drain_at_ = AV_NOPTS_VALUE;
  // After a final target the decoder may be drained and the frames around the answer skipped:
  // whatever comes next starts from a new seek.
  if (final) forward_ = false;
  if (!current_) return fail_with_detail(Errc::kCorrupt, "no frame could be decoded from " + in_.log_name());
  FramePtr out = ref_frame(current_.get());
  if (!out) return fail(Errc::kInternal, "out of memory");
  return out;
}

EngineResult<FramePtr> FrameSeeker::keyframe(int64_t target) {
  AVCodecContext* dec = in_.decoder();
  int64_t seek_ts = target;
  int64_t step = second_;
  for (int attempt = 0; attempt < kSeekAttempts; ++attempt) {
    TG_TRY(seek_to(seek_ts));
    bool found = false;
    for (int n = 0; n < kMaxPacketsForKeyframe; ++n) {
      TG_TRY(in_.check());
      int rc = av_read_frame(in_.format(), packet_.get());
      if (rc < 0) {
        if (rc == AVERROR_EXIT) return tg::unexpected(in_.error_for(rc, "reading " + in_.log_name()));
        break;
      }
      if (packet_->stream_index == in_.stream_index() && (packet_->flags & AV_PKT_FLAG_KEY)) {
        found = true;
        break;
      }
      av_packet_unref(packet_.get());
    }
    if (!found) break;
    int64_t key_pts = packet_->pts != AV_NOPTS_VALUE ? packet_->pts : packet_->dts;
    bool at_start = seek_ts <= in_.start_pts();
    if (key_pts != AV_NOPTS_VALUE && key_pts > target && !at_start) {
      av_packet_unref(packet_.get());
      seek_ts = std::max(in_.start_pts(), std::min(seek_ts, key_pts) - step);
      step *= 2;
      continue;
    }
    // The keyframe alone, then a drain: the decoder hands the frame out without waiting for
    // the frames that would follow it in display order.
    dec->skip_frame = AVDISCARD_DEFAULT;
    int rc = avcodec_send_packet(dec, packet_.get());
    av_packet_unref(packet_.get());
    FramePtr frame;
    if (rc >= 0) {
      avcodec_send_packet(dec, nullptr);
      for (;;) {
        FramePtr f = make_frame();
        if (!f) return fail(Errc::kInternal, "out of memory");
        rc = avcodec_receive_frame(dec, f.get());
        if (rc < 0) break;
        frame = std::move(f);
        break;
      }
    }
    // The drained decoder must be flushed before it takes packets again.
    avcodec_flush_buffers(dec);
    forward_ = false;
    lookahead_.reset();
    if (frame) {
      TG_TRY(check_decoded_size(frame.get()));
      frame->pts = frame_pts(frame.get());
      if (key_pts != AV_NOPTS_VALUE && frame->best_effort_timestamp == AV_NOPTS_VALUE) frame->pts = key_pts;
      current_ = ref_frame(frame.get());
      prev_pts_ = AV_NOPTS_VALUE;
      return frame;
    }
    break;
  }
  // No usable keyframe packet (damaged index, odd demuxer): fall back to decoding forward.
  return exact(target);
}

EngineResult<FramePtr> FrameSeeker::next() {
  if (!current_) return FramePtr();
  if (!forward_) {
    int64_t at = current_->pts;
    TG_TRY(exact(at));
  }
  if (!lookahead_) {
    TG_TRY_ASSIGN(FramePtr f, decode_next(INT64_MIN));
    if (!f) return FramePtr();
    lookahead_ = std::move(f);
  }
  prev_pts_ = current_->pts;
  current_ = std::move(lookahead_);
  FramePtr out = ref_frame(current_.get());
  if (!out) return fail(Errc::kInternal, "out of memory");
  return out;
}

}  // namespace tg::engine
