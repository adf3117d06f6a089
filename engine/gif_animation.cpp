// The GIF AnimationSink: the pictures are kept until the end, a palette is computed from all of them
// (palettegen), each is mapped onto it with error diffusion (paletteuse), then libavcodec's gif encoder
// and libavformat's gif muxer (NETSCAPE loop block: forever) write the file into memory.

#include <cmath>
#include <cstdio>
#include <string>

#include "engine/animation_sink.hpp"
#include "engine/avfilter_library.hpp"
#include "engine/engine_error.hpp"

namespace tg::engine {
namespace {

struct FilterGraphDeleter {
  const AvfilterLibrary* api = nullptr;
  void operator()(AVFilterGraph* graph) const { api->graph_free(&graph); }
};
using FilterGraphPtr = std::unique_ptr<AVFilterGraph, FilterGraphDeleter>;

struct DynamicOutputDeleter {
  // An output context writing into a dynamic buffer: the buffer is freed with it.
  void operator()(AVFormatContext* ctx) const {
    if (ctx->pb) {
      uint8_t* buf = nullptr;
      avio_close_dyn_buf(ctx->pb, &buf);
      av_free(buf);
      ctx->pb = nullptr;
    }
    avformat_free_context(ctx);
  }
};
using DynamicOutputPtr = std::unique_ptr<AVFormatContext, DynamicOutputDeleter>;

constexpr AVRational kCentiseconds{1, 100};

std::string buffer_args(const AVFrame* frame) {
  char args[160];
  std::snprintf(args, sizeof args, "video_size=%dx%d:pix_fmt=%d:time_base=1/100:pixel_aspect=1/1",
                frame->width, frame->height, frame->format);
  return args;
}

EngineResult<AVFilterContext*> add_filter(const AvfilterLibrary& av, AVFilterGraph* graph, const char* filter,
                                          const char* name, const std::string& args) {
  AVFilterContext* ctx = nullptr;
  int rc = av.graph_create_filter(&ctx, av.get_by_name(filter), name, args.empty() ? nullptr : args.c_str(), nullptr,
                                  graph);
  if (rc < 0) {
    return fail_with_detail(Errc::kInternal, std::string("cannot create the ") + filter + " filter: " + av_error_text(rc));
  }
  return ctx;
}

FilterGraphPtr new_graph(const AvfilterLibrary& av) {
  FilterGraphPtr graph(av.graph_alloc(), FilterGraphDeleter{&av});
  if (graph) graph->nb_threads = 1;
  return graph;
}

class GifSink final : public AnimationSink {
 public:
  GifSink(int width, int height) : width_(width), height_(height) {}

  AVPixelFormat pixel_format() const override { return AV_PIX_FMT_YUVJ420P; }

  EngineResult<Ok> add(FramePtr picture, int64_t start_ms) override {
    picture->pts = std::llround(start_ms / 10.0);
    pictures_.push_back(std::move(picture));
    return Ok{};
  }

  EngineResult<std::vector<uint8_t>> finish(int64_t end_ms) override {
    if (pictures_.empty()) return fail(Errc::kInternal, "an animation without pictures");
    auto library = avfilter_library();
    if (!library) return fail_with_detail(Errc::kInternal, "GIF palettes need libavfilter: " + library.error());
    av_ = *library;
    TG_TRY_ASSIGN(FramePtr palette, make_palette());
    TG_TRY_ASSIGN(auto mapped, apply_palette(palette.get()));
    pictures_.clear();
    return write_gif(mapped, std::llround(end_ms / 10.0));
  }

 private:
  EngineResult<FramePtr> make_palette() {
    const AvfilterLibrary& av = *av_;
    FilterGraphPtr graph = new_graph(av);
    if (!graph) return fail(Errc::kInternal, "out of memory");
    TG_TRY_ASSIGN(AVFilterContext * src, add_filter(av, graph.get(), "buffer", "in", buffer_args(pictures_.front().get())));
    TG_TRY_ASSIGN(AVFilterContext * gen, add_filter(av, graph.get(), "palettegen", "palettegen", "stats_mode=full"));
    TG_TRY_ASSIGN(AVFilterContext * sink, add_filter(av, graph.get(), "buffersink", "out", ""));
    if (av.link(src, 0, gen, 0) < 0 || av.link(gen, 0, sink, 0) < 0) {
      return fail(Errc::kInternal, "cannot link the palette filters");
    }
    if (int rc = av.graph_config(graph.get(), nullptr); rc < 0) {
      return fail_with_detail(Errc::kInternal, "cannot configure the palette filters: " + av_error_text(rc));
    }
    for (const FramePtr& picture : pictures_) {
      if (int rc = av.buffersrc_add_frame_flags(src, picture.get(), AV_BUFFERSRC_FLAG_KEEP_REF); rc < 0) {
        return fail_with_detail(Errc::kEncode, "palette statistics failed: " + av_error_text(rc));
      }
    }
    if (int rc = av.buffersrc_add_frame(src, nullptr); rc < 0) {
      return fail_with_detail(Errc::kEncode, "palette statistics failed: " + av_error_text(rc));
    }
    FramePtr palette = make_frame();
    if (!palette) return fail(Errc::kInternal, "out of memory");
    if (int rc = av.buffersink_get_frame(sink, palette.get()); rc < 0) {
      return fail_with_detail(Errc::kEncode, "no GIF palette: " + av_error_text(rc));
    }
    return palette;
  }

  static EngineResult<Ok> drain(const AvfilterLibrary& av, AVFilterContext* sink, std::vector<FramePtr>& out) {
    for (;;) {
      FramePtr frame = make_frame();
      if (!frame) return fail(Errc::kInternal, "out of memory");
      int rc = av.buffersink_get_frame(sink, frame.get());
      if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return Ok{};
      if (rc < 0) return fail_with_detail(Errc::kEncode, "palette mapping failed: " + av_error_text(rc));
      out.push_back(std::move(frame));
    }
  }

  EngineResult<std::vector<FramePtr>> apply_palette(const AVFrame* palette) {
    const AvfilterLibrary& av = *av_;
    FilterGraphPtr graph = new_graph(av);
    if (!graph) return fail(Errc::kInternal, "out of memory");
    TG_TRY_ASSIGN(AVFilterContext * src, add_filter(av, graph.get(), "buffer", "in", buffer_args(pictures_.front().get())));
    TG_TRY_ASSIGN(AVFilterContext * pal, add_filter(av, graph.get(), "buffer", "palette", buffer_args(palette)));
    TG_TRY_ASSIGN(AVFilterContext * use, add_filter(av, graph.get(), "paletteuse", "paletteuse", "dither=sierra2_4a"));
    TG_TRY_ASSIGN(AVFilterContext * sink, add_filter(av, graph.get(), "buffersink", "out", ""));
    if (av.link(src, 0, use, 0) < 0 || av.link(pal, 0, use, 1) < 0 || av.link(use, 0, sink, 0) < 0) {
      return fail(Errc::kInternal, "cannot link the palette filters");
    }
    if (int rc = av.graph_config(graph.get(), nullptr); rc < 0) {
      return fail_with_detail(Errc::kInternal, "cannot configure the palette filters: " + av_error_text(rc));
    }
    FramePtr palette_copy = ref_frame(palette);
    if (!palette_copy) return fail(Errc::kInternal, "out of memory");
    palette_copy->pts = pictures_.front()->pts;
    if (int rc = av.buffersrc_add_frame(pal, palette_copy.get()); rc < 0) {
      return fail_with_detail(Errc::kEncode, "palette mapping failed: " + av_error_text(rc));
    }
    if (int rc = av.buffersrc_add_frame(pal, nullptr); rc < 0) {
      return fail_with_detail(Errc::kEncode, "palette mapping failed: " + av_error_text(rc));
    }
    std::vector<FramePtr> mapped;
    for (FramePtr& picture : pictures_) {
      if (int rc = av.buffersrc_add_frame(src, picture.get()); rc < 0) {
        return fail_with_detail(Errc::kEncode, "palette mapping failed: " + av_error_text(rc));
      }
      picture.reset();  // its pixels now belong to the graph
      TG_TRY(drain(av, sink, mapped));
    }
    if (int rc = av.buffersrc_add_frame(src, nullptr); rc < 0) {
      return fail_with_detail(Errc::kEncode, "palette mapping failed: " + av_error_text(rc));
    }
    TG_TRY(drain(av, sink, mapped));
    if (mapped.empty()) return fail(Errc::kEncode, "palette mapping gave no pictures");
    return mapped;
  }

  EngineResult<std::vector<uint8_t>> write_gif(const std::vector<FramePtr>& mapped, int64_t end_cs) {
    const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_GIF);
    if (!codec) return fail(Errc::kEncode, "no GIF encoder");
    CodecContextPtr enc(avcodec_alloc_context3(codec));
    if (!enc) return fail(Errc::kInternal, "out of memory");
    enc->width = width_;
    enc->height = height_;
    enc->pix_fmt = AV_PIX_FMT_PAL8;
    enc->time_base = kCentiseconds;
    enc->thread_count = 1;
    if (int rc = avcodec_open2(enc.get(), codec, nullptr); rc < 0) {
      return fail_with_detail(Errc::kEncode, "cannot open the GIF encoder: " + av_error_text(rc));
    }
    AVFormatContext* raw = nullptr;
    if (avformat_alloc_output_context2(&raw, nullptr, "gif", nullptr) < 0 || !raw) {
      return fail(Errc::kEncode, "no GIF muxer");
    }
    DynamicOutputPtr out(raw);
    AVStream* st = avformat_new_stream(out.get(), nullptr);
    if (!st) return fail(Errc::kInternal, "out of memory");
    if (avcodec_parameters_from_context(st->codecpar, enc.get()) < 0) return fail(Errc::kInternal, "out of memory");
    st->time_base = kCentiseconds;
    if (avio_open_dyn_buf(&out->pb) < 0) return fail(Errc::kInternal, "out of memory");
    const int64_t last_start = mapped.back()->pts;
    AVDictionary* options = nullptr;
    av_dict_set(&options, "loop", "0", 0);  // forever
    av_dict_set_int(&options, "final_delay", std::max<int64_t>(1, end_cs - last_start), 0);
    int rc = avformat_write_header(out.get(), &options);
    av_dict_free(&options);
    if (rc < 0) return fail_with_detail(Errc::kEncode, "cannot start the GIF: " + av_error_text(rc));
    PacketPtr packet(av_packet_alloc());
    if (!packet) return fail(Errc::kInternal, "out of memory");
    auto pump = [&]() -> EngineResult<Ok> {
      for (;;) {
        int r = avcodec_receive_packet(enc.get(), packet.get());
        if (r == AVERROR(EAGAIN) || r == AVERROR_EOF) return Ok{};
        if (r < 0) return fail_with_detail(Errc::kEncode, "GIF encoding failed: " + av_error_text(r));
        packet->stream_index = st->index;
        av_packet_rescale_ts(packet.get(), kCentiseconds, st->time_base);
        if (int w = av_write_frame(out.get(), packet.get()); w < 0) {
          av_packet_unref(packet.get());
          return fail_with_detail(Errc::kEncode, "GIF writing failed: " + av_error_text(w));
        }
        av_packet_unref(packet.get());
      }
    };
    for (const FramePtr& frame : mapped) {
      if (int r = avcodec_send_frame(enc.get(), frame.get()); r < 0) {
        return fail_with_detail(Errc::kEncode, "GIF encoding failed: " + av_error_text(r));
      }
      TG_TRY(pump());
    }
    avcodec_send_frame(enc.get(), nullptr);
    TG_TRY(pump());
    if (int r = av_write_trailer(out.get()); r < 0) {
      return fail_with_detail(Errc::kEncode, "cannot finish the GIF: " + av_error_text(r));
    }
    uint8_t* buf = nullptr;
    int size = avio_close_dyn_buf(out->pb, &buf);
    out->pb = nullptr;
    std::unique_ptr<uint8_t, void (*)(void*)> guard(buf, av_free);
    if (size <= 0 || !buf) return fail(Errc::kEncode, "empty GIF");
    return std::vector<uint8_t>(buf, buf + size);
  }

  int width_;
  int height_;
  std::vector<FramePtr> pictures_;
  const AvfilterLibrary* av_ = nullptr;  // set by finish()
};

}  // namespace

std::unique_ptr<AnimationSink> make_gif_sink(int width, int height) {
  return std::make_unique<GifSink>(width, height);
}

}  // namespace tg::engine
