#include "engine/black_frame.hpp"

#include "engine/scaler.hpp"

extern "C" {
#include <libavutil/pixdesc.h>
}

namespace tg::engine {
namespace {

// Planar formats whose first plane is luma can be read in place; the rest go through swscale.
bool has_plain_luma_plane(const AVPixFmtDescriptor* d) {
  if (!d || (d->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL | AV_PIX_FMT_FLAG_BITSTREAM |
                         AV_PIX_FMT_FLAG_HWACCEL | AV_PIX_FMT_FLAG_BE | AV_PIX_FMT_FLAG_FLOAT))) {
    return false;
  }
  const AVComponentDescriptor& y = d->comp[0];
  return y.plane == 0 && y.shift == 0 && y.offset == 0 &&
         ((y.depth == 8 && y.step == 1) || (y.depth > 8 && y.depth <= 16 && y.step == 2));
}

bool full_range(const AVFrame* f) {
  auto fmt = static_cast<AVPixelFormat>(f->format);
  return f->color_range == AVCOL_RANGE_JPEG || fmt == AV_PIX_FMT_YUVJ420P ||
         fmt == AV_PIX_FMT_YUVJ422P || fmt == AV_PIX_FMT_YUVJ444P || fmt == AV_PIX_FMT_YUVJ440P;
}

double count_black(const AVFrame* f, int depth, bool full, int pixel_threshold) {
  // The threshold is on a full-range 8-bit scale; map it onto the plane's own code values.
  double limit = pixel_threshold;
  if (!full) limit = 16.0 + pixel_threshold * 219.0 / 255.0;
  limit *= static_cast<double>(1 << (depth - 8));
  int64_t black = 0;
  for (int y = 0; y < f->height; ++y) {
    const uint8_t* row = f->data[0] + static_cast<ptrdiff_t>(y) * f->linesize[0];
    if (depth == 8) {
      for (int x = 0; x < f->width; ++x) black += row[x] < limit;
    } else {
      const auto* row16 = reinterpret_cast<const uint16_t*>(row);
      for (int x = 0; x < f->width; ++x) black += row16[x] < limit;
    }
  }
  return 100.0 * static_cast<double>(black) / (static_cast<double>(f->width) * f->height);
}

}  // namespace

double black_pixel_percent(const AVFrame* frame, int pixel_threshold) {
  if (!frame || frame->width <= 0 || frame->height <= 0) return 0;
  const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(frame->format));
  if (has_plain_luma_plane(d)) {
    return count_black(frame, d->comp[0].depth, full_range(frame), pixel_threshold);
  }
  FramePtr gray = scale_frame(frame, frame->width, frame->height, AV_PIX_FMT_YUVJ420P);
  if (!gray) return 0;
  return count_black(gray.get(), 8, true, pixel_threshold);
}

bool is_black_frame(const AVFrame* frame, const BlackFilter& filter) {
  if (!filter.enabled()) return false;
  return black_pixel_percent(frame, filter.pixel_threshold) > filter.max_black_percent;
}

}  // namespace tg::engine
