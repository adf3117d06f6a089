#include "engine/scaler.hpp"

#include "engine/full_range.hpp"

extern "C" {
#include <libavutil/pixdesc.h>
}

namespace tg::engine {
namespace {

int sws_colorspace(AVColorSpace space) {
  switch (space) {
    case AVCOL_SPC_BT709: return SWS_CS_ITU709;
    case AVCOL_SPC_FCC: return SWS_CS_FCC;
    case AVCOL_SPC_SMPTE240M: return SWS_CS_SMPTE240M;
    case AVCOL_SPC_BT2020_NCL:
    case AVCOL_SPC_BT2020_CL: return SWS_CS_BT2020;
    default: return SWS_CS_DEFAULT;
  }
}

bool is_full_range_format(AVPixelFormat f) {
  return f == AV_PIX_FMT_YUVJ420P || f == AV_PIX_FMT_YUVJ422P || f == AV_PIX_FMT_YUVJ444P ||
         f == AV_PIX_FMT_YUVJ440P || f == AV_PIX_FMT_YUVJ411P;
}

}  // namespace

FramePtr scale_frame(const AVFrame* src, int width, int height, AVPixelFormat format) {
  auto src_format = static_cast<AVPixelFormat>(src->format);
  if (src->width <= 0 || src->height <= 0 || width <= 0 || height <= 0) return nullptr;
  if (!sws_isSupportedInput(src_format) || !sws_isSupportedOutput(format)) return nullptr;
  // The commonest case, a full-size JPEG of 8-bit 4:2:0 video, only needs its range stretched: a
  // table lookup per sample costs a tenth of the scaler's generic path.
  if (format == AV_PIX_FMT_YUVJ420P && width == src->width && height == src->height) {
    if (FramePtr full = to_full_range_420(src)) return full;
  }
  // Bicubic: FAST_BILINEAR aliases badly on big downscales, and bicubic is what the ffmpeg tool uses.
  SwsContextPtr ctx(sws_getContext(src->width, src->height, src_format, width, height, format,
                                   SWS_BICUBIC, nullptr,
                                   nullptr, nullptr));
  if (!ctx) return nullptr;
  int* inv_table = nullptr;
  int* table = nullptr;
  int src_range = 0;
  int dst_range = 0;
  int brightness = 0;
  int contrast = 0;
  int saturation = 0;
  if (sws_getColorspaceDetails(ctx.get(), &inv_table, &src_range, &table, &dst_range, &brightness,
                               &contrast, &saturation) >= 0) {
    const int* coefficients = sws_getCoefficients(sws_colorspace(src->colorspace));
    src_range = (src->color_range == AVCOL_RANGE_JPEG || is_full_range_format(src_format)) ? 1 : 0;
    sws_setColorspaceDetails(ctx.get(), coefficients, src_range, coefficients, dst_range, brightness,
                             contrast, saturation);
  }
  FramePtr dst = alloc_frame(width, height, format);
  if (!dst) return nullptr;
  int rows = sws_scale(ctx.get(), src->data, src->linesize, 0, src->height, dst->data, dst->linesize);
  if (rows <= 0) return nullptr;
  dst->pts = src->pts;
  dst->best_effort_timestamp = src->best_effort_timestamp;
  return dst;
}

}  // namespace tg::engine
