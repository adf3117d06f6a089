#include "engine/input_opener.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <vector>

#include "core/redaction.hpp"
#include "engine/engine_error.hpp"
#include "engine/file_byte_source.hpp"
#include "engine/http_byte_source.hpp"
#include "engine/input_policy.hpp"
#include "engine/libav_setup.hpp"

extern "C" {
#include <libavutil/cpu.h>
#include <libavutil/dict.h>
#include <libavutil/imgutils.h>
}

namespace tg::engine {
namespace {

int interrupt_callback(void* opaque) {
  return static_cast<InterruptState*>(opaque)->should_stop() ? 1 : 0;
}

// AVFormatContext::io_open: no demuxer may open anything by name (the input itself is our own pb).
int refuse_every_open(AVFormatContext*, AVIOContext**, const char*, int, AVDictionary**) { return AVERROR(EPERM); }

struct DictGuard {
  AVDictionary* dict = nullptr;
  ~DictGuard() { av_dict_free(&dict); }
};

// The scheme of a URI ("http", "file", ...) or empty for a plain path.
std::string scheme_of(std::string_view uri) {
  auto colon = uri.find(':');
  if (colon == std::string_view::npos || colon == 0) return {};
  for (size_t i = 0; i < colon; ++i) {
    char c = uri[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!ok) return {};
  }
  std::string s(uri.substr(0, colon));
  for (auto& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

bool is_mov_family(const AVInputFormat* fmt) {
  return fmt && fmt->name && std::string_view(fmt->name).find("mp4") != std::string_view::npos;
}

}  // namespace

bool InterruptState::should_stop() {
  if (cancel && cancel->load(std::memory_order_relaxed)) cancelled = true;
  else if (std::chrono::steady_clock::now() >= deadline) timed_out = true;
  return cancelled || timed_out;
}

void OpenedInput::arm(const Source& source) {
  interrupt_->deadline = std::chrono::steady_clock::now() + source.deadline;
  interrupt_->cancel = source.cancel;
  interrupt_->timed_out = false;
  interrupt_->cancelled = false;
  if (http_) http_->arm(interrupt_->deadline, source.cancel);
  if (io_) io_->take_failure();  // a failure of an earlier call says nothing about this one
}

EngineResult<Ok> OpenedInput::check() {
  // A failed read stops the demuxer with AVERROR_EXIT, which the decoding loops would otherwise take
  // for the end of a truncated input.
  if (interrupt_->should_stop() || (io_ && io_->failed())) {
    return tg::unexpected(error_for(AVERROR_EXIT, "stopped"));
  }
  return Ok{};
}

Error OpenedInput::error_for(int averror, const std::string& what) {
  if (io_) {
    // A failed read of the bytes themselves says more than libav's EIO.
    std::optional<Error> failure = io_->take_failure();
    if (failure && !interrupt_->cancelled && !interrupt_->timed_out) {
      failure->detail = what + ": " + failure->detail;
      return std::move(*failure);
    }
  }
  if (interrupt_->cancelled) return Error{Errc::kCancelled, errc_message(Errc::kCancelled), what + ": cancelled"};
  if (interrupt_->timed_out || averror == AVERROR_EXIT) {
    return Error{Errc::kTimeout, errc_message(Errc::kTimeout), what + ": deadline passed"};
  }
  const Errc code = errc_from_averror(averror);
  return Error{code, errc_message(code), what + ": " + av_error_text(averror)};
}

EngineResult<std::unique_ptr<OpenedInput>> OpenedInput::open(const Source& source) {
  ensure_libav_setup();
  std::unique_ptr<OpenedInput> input(new OpenedInput());
  input->arm(source);
  TG_TRY(input->open_impl(source));
  return input;
}

EngineResult<Ok> OpenedInput::open_impl(const Source& source) {
  if (source.uri.empty()) return fail(Errc::kInvalidArgument, "empty input URI");
  if (source.deadline.count() <= 0) return fail_with_detail(Errc::kTimeout, "deadline already passed");
  TG_TRY(check());
  uri_ = source.uri;
  log_name_ = redact_url(source.uri);

  std::string scheme = scheme_of(source.uri);
  if (scheme == "http" || scheme == "https") {
    TG_TRY(open_remote(source));
  } else if (scheme.empty() || scheme == "file") {
    std::string path = source.uri;
    if (scheme == "file") {
      path = path.substr(5);
      if (path.rfind("//", 0) == 0) path = path.substr(2);
    }
    // Opened here, once; the demuxer reads the descriptor's bytes and is given no name at all.
    TG_TRY_ASSIGN(auto file, FileByteSource::open(path, source.root));
    TG_TRY_ASSIGN(io_, ByteSourceIo::create(std::move(file), AVIOInterruptCB{&interrupt_callback, interrupt_.get()}));
  } else {
    return fail_with_detail(Errc::kForbidden, "protocol not allowed: " + scheme);
  }

  AVFormatContext* raw = avformat_alloc_context();
  if (!raw) return fail(Errc::kInternal, "out of memory");
  raw->interrupt_callback.callback = &interrupt_callback;
  raw->interrupt_callback.opaque = interrupt_.get();
  raw->pb = io_->context();  // custom I/O: avformat_open_input opens nothing itself
  raw->io_open = &refuse_every_open;

  DictGuard options;
  // Checked on the demuxer that probing picked, before its header is read: a playlist is refused
  // before it can name anything.
  av_dict_set(&options.dict, "format_whitelist", kFormatAllowList, 0);
  // On failure avformat_open_input frees the context itself.
  int rc = avformat_open_input(&raw, "", nullptr, &options.dict);
  if (rc < 0) {
    const bool bytes_failed = io_->failed();
    Error e = error_for(rc, "cannot open " + log_name_);
    // The bytes could be read (or the source would have said why): any other failure is the demuxer's refusal.
    if (!bytes_failed && e.code == Errc::kIo) e = Error{Errc::kNotMedia, errc_message(Errc::kNotMedia), e.detail};
    return tg::unexpected(std::move(e));
  }
  format_.reset(raw);

  TG_TRY(pick_stream());
  // Most containers declare the frame size: an absurd one is refused before a frame is decoded.
  TG_TRY(check_frame_size());
  const AVCodecParameters* par = stream()->codecpar;
  bool params_complete = par->codec_id != AV_CODEC_ID_NONE && par->width > 0 && par->height > 0;
  // MP4/MOV carry codec, size and index in the moov; probing would decode frames for nothing.
  if (!(is_mov_family(format_->iformat) && params_complete)) {
    // Probing decodes frames; a stream whose header did not tell its size must not decode a huge one.
    std::vector<AVDictionary*> probe_options(format_->nb_streams, nullptr);
    for (AVDictionary*& dict : probe_options) av_dict_set_int(&dict, "max_pixels", kMaxSourcePixels, 0);
    rc = avformat_find_stream_info(format_.get(), probe_options.data());
    for (AVDictionary*& dict : probe_options) av_dict_free(&dict);
    if (rc < 0) {
      const bool bytes_failed = io_->failed();
      Error e = error_for(rc, "cannot read stream info of " + log_name_);
      if (!bytes_failed && e.code == Errc::kIo) e = Error{Errc::kCorrupt, errc_message(Errc::kCorrupt), e.detail};
      return tg::unexpected(std::move(e));
    }
    TG_TRY(pick_stream());
  }
  TG_TRY(check_frame_size());
  TG_TRY(check());
  decoder_threads_ = source.decoder_threads;
  TG_TRY(open_decoder(decoder_threads_));
  read_timing();
  return Ok{};
}

EngineResult<Ok> OpenedInput::open_remote(const Source& source) {
  HttpByteSource::Options options;
  options.policy = source.policy;
  options.idle_timeout = source.idle_timeout;
  options.deadline = interrupt_->deadline;
  options.cancel = source.cancel;
  auto opened = HttpByteSource::open(source.uri, options);
  if (!opened) {
    Error e = std::move(opened.error());
    // The source's detail starts with the (redacted) URL it tried.
    e.detail = "cannot open " + (e.detail.empty() ? log_name_ : e.detail);
    return tg::unexpected(std::move(e));
  }
  HttpByteSource* http = opened->get();
  TG_TRY_ASSIGN(io_, ByteSourceIo::create(std::move(*opened), AVIOInterruptCB{&interrupt_callback, interrupt_.get()}));
  http_ = http;
  return Ok{};
}

EngineResult<Ok> OpenedInput::pick_stream() {
  int best = av_find_best_stream(format_.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (best >= 0 && (format_->streams[best]->disposition & AV_DISPOSITION_ATTACHED_PIC)) best = -1;
  if (best < 0) {
    for (unsigned i = 0; i < format_->nb_streams; ++i) {
      const AVStream* st = format_->streams[i];
      if (st->codecpar->codec_type == AVMEDIA_TYPE_VIDEO &&
          !(st->disposition & AV_DISPOSITION_ATTACHED_PIC)) {
        best = static_cast<int>(i);
        break;
      }
    }
  }
  if (format_->nb_streams == 0) return fail_with_detail(Errc::kCorrupt, "no streams found in " + log_name_);
  if (best < 0) return fail_with_detail(Errc::kNoVideo, "no video stream in " + log_name_);
  stream_index_ = best;
  // Only the video stream's packets are wanted; the demuxer can drop the rest early.
  for (unsigned i = 0; i < format_->nb_streams; ++i) {
    format_->streams[i]->discard = static_cast<int>(i) == best ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
  }
  return Ok{};
}

EngineResult<Ok> OpenedInput::check_frame_size() const {
  const AVCodecParameters* par = stream()->codecpar;
  if (source_size_ok(par->width, par->height)) return Ok{};
  return fail(Errc::kTooLarge,
              "frame size " + std::to_string(par->width) + "x" + std::to_string(par->height) +
                  " is above the limit (" + std::to_string(kMaxSourcePixels) + " pixels, " +
                  std::to_string(kMaxDimension) + " per side)",
              "declared by " + log_name_);
}

EngineResult<Ok> OpenedInput::open_decoder(int threads) {
  const AVCodecParameters* par = stream()->codecpar;
  const AVCodec* codec = avcodec_find_decoder(par->codec_id);
  if (!codec) {
    return fail(Errc::kUnsupported,
                std::string("no decoder for codec ") + avcodec_get_name(par->codec_id));
  }
  CodecContextPtr ctx(avcodec_alloc_context3(codec));
  if (!ctx) return fail(Errc::kInternal, "out of memory");
  int rc = avcodec_parameters_to_context(ctx.get(), par);
  if (rc < 0) return tg::unexpected(error_for(rc, "bad codec parameters of " + log_name_));
  ctx->pkt_timebase = stream()->time_base;
  // A frame larger than the container said is refused by the decoder before its buffers are allocated.
  ctx->max_pixels = kMaxSourcePixels;
  // One thread per task by default: parallelism comes from running tasks side by side. With frame
  // threads, skip_frame is copied into a worker's context when its packet is submitted, so the
  // non-reference skipping still applies packet by packet.
  // 0 (or less) is one thread per core. libavcodec's own automatic count adds one more, which only
  // pays while threads sit on skipped packets, and skipped H.264 units never reach the decoder here.
  ctx->thread_count = threads <= 0 ? std::max(1, av_cpu_count()) : threads;
  ctx->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
  rc = avcodec_open2(ctx.get(), codec, nullptr);
  if (rc < 0) {
    Error e = error_for(rc, std::string("cannot open decoder ") + codec->name + " for " + log_name_);
    if (e.code == Errc::kNotMedia || e.code == Errc::kIo) {
      e = Error{Errc::kUnsupported, errc_message(Errc::kUnsupported), e.detail};
    }
    return tg::unexpected(std::move(e));
  }
  decoder_ = std::move(ctx);
  return Ok{};
}

std::size_t OpenedInput::parked_bytes() const {
  // Contexts, streams, codec parameters and what the allocator keeps around them: about 1.3 MiB per
  // parked input was measured for MP4s of 1500 and 3000 frames, whose index is a small part of it.
  std::size_t bytes = std::size_t{1} << 20;
  const AVIOContext* pb = io_ ? io_->context() : format_->pb;
  if (pb) bytes += static_cast<std::size_t>(std::max(0, pb->buffer_size));
  for (unsigned i = 0; i < format_->nb_streams; ++i) {
    AVStream* st = format_->streams[i];
    // Demuxers with an index (mov, matroska) keep their own sample tables besides libav's entries, of
    // about the same size.
    bytes += 2 * sizeof(AVIndexEntry) * static_cast<std::size_t>(std::max(0, avformat_index_get_entries_count(st)));
    bytes += static_cast<std::size_t>(std::max(0, st->codecpar->extradata_size));
  }
  return bytes;
}

std::size_t OpenedInput::decoder_bytes() const {
  if (!decoder_) return 0;
  const AVCodecContext* c = decoder_.get();
  const int width = std::max(c->coded_width, c->width);
  const int height = std::max(c->coded_height, c->height);
  const AVPixelFormat format = c->pix_fmt != AV_PIX_FMT_NONE ? c->pix_fmt : AV_PIX_FMT_YUV420P;
  const int frame = av_image_get_buffer_size(format, width, height, 64);
  if (frame <= 0) return 0;
  // Reference frames, frames held for reordering, one per thread, and the pool's spares with the two
  // the seeker keeps: 8 for a 1080p H.264 of one reference and three B-frames, where 27 MiB were measured.
  const int frames = std::max(0, c->refs) + std::max(0, c->has_b_frames) + std::max(1, c->thread_count) + 4;
  return static_cast<std::size_t>(frame) * static_cast<std::size_t>(frames);
}

void OpenedInput::read_timing() {
  const AVStream* st = stream();
  start_pts_ = st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;
  if (st->duration != AV_NOPTS_VALUE && st->duration > 0) {
    duration_s_ = static_cast<double>(st->duration) * av_q2d(st->time_base);
  } else if (format_->duration != AV_NOPTS_VALUE && format_->duration > 0) {
    duration_s_ = static_cast<double>(format_->duration) / AV_TIME_BASE;
    // The container's duration counts from its own start; the stream may start later.
    if (format_->start_time != AV_NOPTS_VALUE && st->start_time != AV_NOPTS_VALUE) {
      double offset = static_cast<double>(st->start_time) * av_q2d(st->time_base) -
                      static_cast<double>(format_->start_time) / AV_TIME_BASE;
      if (offset > 0 && offset < duration_s_) duration_s_ -= offset;
    }
  }
}

}  // namespace tg::engine
