#pragma once
// One std::unique_ptr alias per libav type, each with the deleter libav expects.

#include <memory>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libswscale/swscale.h>
}

namespace tg::engine {

struct FormatContextDeleter {
  // avformat_close_input also frees the AVIOContext it opened and nulls the pointer.
  void operator()(AVFormatContext* ctx) const { avformat_close_input(&ctx); }
};
struct CodecContextDeleter {
  void operator()(AVCodecContext* ctx) const { avcodec_free_context(&ctx); }
};
struct FrameDeleter {
  void operator()(AVFrame* frame) const { av_frame_free(&frame); }
};
struct PacketDeleter {
  void operator()(AVPacket* packet) const { av_packet_free(&packet); }
};
struct SwsContextDeleter {
  void operator()(SwsContext* ctx) const { sws_freeContext(ctx); }
};

using FormatContextPtr = std::unique_ptr<AVFormatContext, FormatContextDeleter>;
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;
using SwsContextPtr = std::unique_ptr<SwsContext, SwsContextDeleter>;

/// A new empty frame (never null unless out of memory).
inline FramePtr make_frame() { return FramePtr(av_frame_alloc()); }

/// A new frame that references the same buffers as `src`.
inline FramePtr ref_frame(const AVFrame* src) {
  FramePtr out(av_frame_alloc());
  if (out && av_frame_ref(out.get(), src) < 0) out.reset();
  return out;
}

/// A frame with its own zeroed buffers of the given size and format; null on failure.
inline FramePtr alloc_frame(int width, int height, AVPixelFormat format) {
  FramePtr out(av_frame_alloc());
  if (!out) return out;
  out->width = width;
  out->height = height;
  out->format = format;
  if (av_frame_get_buffer(out.get(), 0) < 0) out.reset();
  return out;
}

}  // namespace tg::engine
