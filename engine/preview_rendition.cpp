// make_preview_rendition(): every frame of a video stream, smaller, as an MP4 that is cheap to decode from
// any second: H.264 with a keyframe each second and B-frames that nothing refers to.

#include <algorithm>
#include <cmath>
#include <cstring>

extern "C" {
#include <libavutil/opt.h>
}

#include "engine/engine.hpp"
#include "engine/engine_error.hpp"
#include "engine/frame_seeker.hpp"
#include "engine/input_opener.hpp"
#include "engine/scaler.hpp"

namespace tg::engine {
namespace {

struct OutputContextDeleter {
  void operator()(AVFormatContext* ctx) const {
    if (ctx->pb && !(ctx->oformat->flags & AVFMT_NOFILE)) avio_closep(&ctx->pb);
    avformat_free_context(ctx);
  }
};
using OutputContextPtr = std::unique_ptr<AVFormatContext, OutputContextDeleter>;

struct DictionaryDeleter {
  void operator()(AVDictionary* dict) const { av_dict_free(&dict); }
};

int even_at_least_2(double v) { return std::max(2, static_cast<int>(std::lround(v / 2.0)) * 2); }

// The stored size: both sides scaled by one factor so that the display size (after the sample aspect
// ratio) fits inside max_side x max_side; never up.
void fit_size(int width, int height, AVRational sar, int max_side, int& out_w, int& out_h) {
  const double aspect = (sar.num > 0 && sar.den > 0) ? av_q2d(sar) : 1.0;
  const double display_w = width * aspect;
  const double scale = std::min(1.0, max_side / std::max(display_w, static_cast<double>(height)));
  out_w = even_at_least_2(width * scale);
  out_h = even_at_least_2(height * scale);
}

class RenditionWriter {
 public:
  RenditionWriter(OpenedInput& in, const RenditionRequest& request) : in_(in), request_(request) {}

  EngineResult<Ok> open(const AVFrame* first) {
    AVStream* src = in_.stream();
    sar_ = first->sample_aspect_ratio.num > 0 ? first->sample_aspect_ratio : src->sample_aspect_ratio;
    if (sar_.num <= 0 || sar_.den <= 0) sar_ = AVRational{1, 1};
    fit_size(first->width, first->height, sar_, request_.max_side, width_, height_);

    const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
    if (!codec) return fail(Errc::kUnsupported, "no H.264 encoder is available", "libavcodec has no libx264");
    AVFormatContext* raw = nullptr;
    if (avformat_alloc_output_context2(&raw, nullptr, "mp4", nullptr) < 0 || !raw) {
      return fail(Errc::kInternal, "cannot make the rendition", "no mp4 muxer");
    }
    out_.reset(raw);
    enc_.reset(avcodec_alloc_context3(codec));
    if (!enc_) return fail(Errc::kUnavailable, "out of memory");

    AVRational rate = av_guess_frame_rate(in_.format(), src, nullptr);
    const double fps = (rate.num > 0 && rate.den > 0) ? av_q2d(rate) : 25.0;
    enc_->width = width_;
    enc_->height = height_;
    enc_->pix_fmt = AV_PIX_FMT_YUV420P;
    enc_->time_base = src->time_base;  // every frame keeps its own timestamp
    if (rate.num > 0 && rate.den > 0) enc_->framerate = rate;
    enc_->sample_aspect_ratio = sar_;
    enc_->colorspace = first->colorspace;
    enc_->color_primaries = first->color_primaries;
    enc_->color_trc = first->color_trc;
    enc_->color_range = AVCOL_RANGE_MPEG;  // what the scaler writes into yuv420p
    // A keyframe every second bounds what a preview starting anywhere decodes before its first frame.
    enc_->gop_size = std::clamp(static_cast<int>(std::lround(fps)), 1, 600);
    // The MP4's edit list ends where the last packet does: without a duration its frame would be cut.
    frame_step_ = std::max<int64_t>(1, std::llround(1.0 / (fps * av_q2d(src->time_base))));
    enc_->max_b_frames = 3;
    enc_->thread_count = request_.encoder_threads <= 0 ? 0 : request_.encoder_threads;
    if (out_->oformat->flags & AVFMT_GLOBALHEADER) enc_->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;

    AVDictionary* raw_opts = nullptr;
    av_dict_set(&raw_opts, "preset", "veryfast", 0);
    av_dict_set_int(&raw_opts, "crf", request_.crf, 0);
    // B-frames that no frame refers to: a preview at a lower frame rate leaves the unshown ones out.
    av_dict_set(&raw_opts, "x264-params", "b-pyramid=none", 0);
    std::unique_ptr<AVDictionary, DictionaryDeleter> opts(raw_opts);
    AVDictionary* pass = opts.release();
    int rc = avcodec_open2(enc_.get(), codec, &pass);
    opts.reset(pass);
    if (rc < 0) return fail(Errc::kEncode, "cannot open the H.264 encoder", av_err(rc));

    AVStream* st = avformat_new_stream(out_.get(), nullptr);
    if (!st) return fail(Errc::kUnavailable, "out of memory");
    rc = avcodec_parameters_from_context(st->codecpar, enc_.get());
    if (rc < 0) return fail(Errc::kInternal, "cannot make the rendition", av_err(rc));
    st->time_base = enc_->time_base;
    st->sample_aspect_ratio = sar_;
    size_t matrix_size = 0;
    // The display matrix goes along, so the rendition turns as its source does.
    if (const uint8_t* matrix = av_stream_get_side_data(src, AV_PKT_DATA_DISPLAYMATRIX, &matrix_size);
        matrix && matrix_size >= 9 * sizeof(int32_t)) {
      if (uint8_t* copy = av_stream_new_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, matrix_size)) {
        std::memcpy(copy, matrix, matrix_size);
      }
    }
    rc = avio_open(&out_->pb, request_.out_path.c_str(), AVIO_FLAG_WRITE);
    if (rc < 0) return fail(rc == AVERROR(ENOSPC) ? Errc::kNoSpace : Errc::kIo, "cannot write the rendition", av_err(rc));
    rc = avformat_write_header(out_.get(), nullptr);
    if (rc < 0) return fail(Errc::kIo, "cannot write the rendition", av_err(rc));
    stream_ = st;
    packet_.reset(av_packet_alloc());
    if (!packet_) return fail(Errc::kUnavailable, "out of memory");
    return Ok{};
  }

  EngineResult<Ok> add(const AVFrame* frame) {
    // Timestamps go up strictly: a repeated one is a duplicate picture.
    if (frame->pts == AV_NOPTS_VALUE || (last_pts_ != AV_NOPTS_VALUE && frame->pts <= last_pts_)) return Ok{};
    FramePtr scaled = scale_frame(frame, width_, height_, AV_PIX_FMT_YUV420P);
    if (!scaled) return fail(Errc::kUnsupported, "cannot convert the video's pixels");
    scaled->pts = frame->pts;
    scaled->sample_aspect_ratio = sar_;
    scaled->colorspace = enc_->colorspace;
    scaled->color_range = AVCOL_RANGE_MPEG;
    last_pts_ = frame->pts;
    ++frames_;
    return encode(scaled.get());
  }

  EngineResult<Rendition> finish() {
    TG_TRY(encode(nullptr));
    int rc = av_write_trailer(out_.get());
    if (rc < 0) return fail(Errc::kIo, "cannot write the rendition", av_err(rc));
    Rendition done;
    done.width = width_;
    done.height = height_;
    done.frames = frames_;
    done.bytes = avio_size(out_->pb);
    rc = avio_closep(&out_->pb);
    if (rc < 0) return fail(Errc::kIo, "cannot write the rendition", av_err(rc));
    return done;
  }

 private:
  static std::string av_err(int rc) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(rc, text, sizeof text);
    return text;
  }

  EngineResult<Ok> encode(const AVFrame* frame) {
    int rc = avcodec_send_frame(enc_.get(), frame);
    if (rc < 0) return fail(Errc::kEncode, "cannot encode the rendition", av_err(rc));
    while (true) {
      rc = avcodec_receive_packet(enc_.get(), packet_.get());
      if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return Ok{};
      if (rc < 0) return fail(Errc::kEncode, "cannot encode the rendition", av_err(rc));
      if (packet_->duration <= 0) packet_->duration = frame_step_;
      av_packet_rescale_ts(packet_.get(), enc_->time_base, stream_->time_base);
      packet_->stream_index = stream_->index;
      rc = av_interleaved_write_frame(out_.get(), packet_.get());
      if (rc < 0) {
        return fail(rc == AVERROR(ENOSPC) ? Errc::kNoSpace : Errc::kIo, "cannot write the rendition", av_err(rc));
      }
      if (request_.max_bytes > 0 && avio_tell(out_->pb) > request_.max_bytes) {
        return fail(Errc::kTooLarge, "the rendition is above its size limit");
      }
    }
  }

  OpenedInput& in_;
  const RenditionRequest& request_;
  OutputContextPtr out_;
  CodecContextPtr enc_;
  PacketPtr packet_;
  AVStream* stream_ = nullptr;
  AVRational sar_{1, 1};
  int width_ = 0;
  int height_ = 0;
  int64_t last_pts_ = AV_NOPTS_VALUE;
  int64_t frame_step_ = 1;  // one frame's duration in the source's time base
  int64_t frames_ = 0;
};

}  // namespace

EngineResult<Rendition> make_preview_rendition(const Source& source, const RenditionRequest& request) {
  if (request.out_path.empty() || request.max_side < 16 || request.max_side > 4096 || request.crf < 0 ||
      request.crf > 51) {
    return fail(Errc::kInvalidArgument, "bad rendition request");
  }
  TG_TRY_ASSIGN(auto input, OpenedInput::open(source));
  if (request.max_duration_s > 0 && input->duration_s() > request.max_duration_s) {
    return fail(Errc::kTooLarge, "the media is longer than a rendition may be");
  }
  FrameSeeker seeker(*input);
  TG_TRY_ASSIGN(FramePtr frame, seeker.exact(input->start_pts()));
  RenditionWriter writer(*input, request);
  TG_TRY(writer.open(frame.get()));
  while (frame) {
    TG_TRY(input->check());
    TG_TRY(writer.add(frame.get()));
    TG_TRY_ASSIGN(frame, seeker.next());
  }
  return writer.finish();
}

}  // namespace tg::engine
