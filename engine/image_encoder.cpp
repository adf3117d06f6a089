#include "engine/image_encoder.hpp"

#include <turbojpeg.h>

#include <memory>
#include <string>

#include "engine/avif_encoder.hpp"
#include "engine/engine_error.hpp"
#include "engine/webp_encoder.hpp"

namespace tg::engine {
namespace {

struct TjHandleDeleter {
  void operator()(void* handle) const { tjDestroy(handle); }
};
using TjHandlePtr = std::unique_ptr<void, TjHandleDeleter>;

struct TjBufferDeleter {
  void operator()(unsigned char* buf) const { tjFree(buf); }
};
using TjBufferPtr = std::unique_ptr<unsigned char, TjBufferDeleter>;

// A compressor per thread: creating one per image would cost more than a thumbnail's encode.
tjhandle thread_compressor() {
  thread_local TjHandlePtr handle(tjInitCompress());
  return handle.get();
}

}  // namespace

EngineResult<std::vector<uint8_t>> encode_jpeg(const AVFrame* frame, int quality) {
  if (quality < 1 || quality > 100) {
    return fail(Errc::kInvalidArgument, "JPEG quality must be 1..100, got " + std::to_string(quality));
  }
  tjhandle tj = thread_compressor();
  if (!tj) return fail(Errc::kEncode, "cannot create a JPEG compressor");
  unsigned char* out = nullptr;
  unsigned long size = 0;
  int rc = -1;
  if (frame->format == AV_PIX_FMT_YUVJ420P) {
    const unsigned char* planes[3] = {frame->data[0], frame->data[1], frame->data[2]};
    int strides[3] = {frame->linesize[0], frame->linesize[1], frame->linesize[2]};
    rc = tjCompressFromYUVPlanes(tj, planes, frame->width, strides, frame->height, TJSAMP_420, &out,
                                 &size, quality, TJFLAG_ACCURATEDCT);
  } else if (frame->format == AV_PIX_FMT_RGB24) {
    rc = tjCompress2(tj, frame->data[0], frame->width, frame->linesize[0], frame->height, TJPF_RGB,
                     &out, &size, TJSAMP_420, quality, TJFLAG_ACCURATEDCT);
  } else {
    return fail(Errc::kInternal, "JPEG input must be YUVJ420P or RGB24");
  }
  TjBufferPtr guard(out);
  if (rc != 0 || !out) {
    return fail_with_detail(Errc::kEncode, std::string("JPEG encoding failed: ") + tjGetErrorStr2(tj));
  }
  return std::vector<uint8_t>(out, out + size);
}

EngineResult<std::vector<uint8_t>> encode_png(const AVFrame* frame) {
  if (frame->format != AV_PIX_FMT_RGB24) return fail(Errc::kInternal, "PNG input must be RGB24");
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_PNG);
  if (!codec) return fail(Errc::kEncode, "no PNG encoder");
  CodecContextPtr ctx(avcodec_alloc_context3(codec));
  if (!ctx) return fail(Errc::kInternal, "out of memory");
  ctx->width = frame->width;
  ctx->height = frame->height;
  ctx->pix_fmt = AV_PIX_FMT_RGB24;
  ctx->time_base = AVRational{1, 25};
  ctx->thread_count = 1;
  if (int rc = avcodec_open2(ctx.get(), codec, nullptr); rc < 0) {
    return fail_with_detail(Errc::kEncode, "cannot open PNG encoder: " + av_error_text(rc));
  }
  if (int rc = avcodec_send_frame(ctx.get(), frame); rc < 0) {
    return fail_with_detail(Errc::kEncode, "PNG encoding failed: " + av_error_text(rc));
  }
  PacketPtr packet(av_packet_alloc());
  if (!packet) return fail(Errc::kInternal, "out of memory");
  if (int rc = avcodec_receive_packet(ctx.get(), packet.get()); rc < 0) {
    return fail_with_detail(Errc::kEncode, "PNG encoding failed: " + av_error_text(rc));
  }
  return std::vector<uint8_t>(packet->data, packet->data + packet->size);
}

EngineResult<Image> encode_image(const AVFrame* frame, ImageFormat format, int quality) {
  Image image;
  switch (format) {
    case ImageFormat::kJpeg: {
      TG_TRY_ASSIGN(image.data, encode_jpeg(frame, quality));
      break;
    }
    case ImageFormat::kPng: {
      TG_TRY_ASSIGN(image.data, encode_png(frame));
      break;
    }
    case ImageFormat::kWebp: {
      TG_TRY_ASSIGN(image.data, encode_webp(frame, quality));
      break;
    }
    case ImageFormat::kAvif: {
      TG_TRY_ASSIGN(image.data, encode_avif(frame, quality));
      break;
    }
  }
  image.format = format;
  image.width = frame->width;
  image.height = frame->height;
  return image;
}

}  // namespace tg::engine
