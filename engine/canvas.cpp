#include "engine/canvas.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace tg::engine {
namespace {

uint8_t clamp_byte(double v) { return static_cast<uint8_t>(std::clamp(std::lround(v), 0L, 255L)); }

void fill_plane(uint8_t* data, int linesize, int width_bytes, int height, const uint8_t* pixel,
                int bytes_per_pixel) {
  for (int y = 0; y < height; ++y) {
    uint8_t* row = data + static_cast<ptrdiff_t>(y) * linesize;
    for (int x = 0; x < width_bytes; x += bytes_per_pixel) std::memcpy(row + x, pixel, bytes_per_pixel);
  }
}

void copy_rect(uint8_t* dst, int dst_linesize, const uint8_t* src, int src_linesize, int row_bytes,
               int rows) {
  for (int y = 0; y < rows; ++y) {
    std::memcpy(dst + static_cast<ptrdiff_t>(y) * dst_linesize,
                src + static_cast<ptrdiff_t>(y) * src_linesize, row_bytes);
  }
}

}  // namespace

FramePtr make_canvas(int width, int height, AVPixelFormat format, uint32_t color) {
  FramePtr frame = alloc_frame(width, height, format);
  if (!frame) return frame;
  double r = (color >> 16) & 0xff;
  double g = (color >> 8) & 0xff;
  double b = color & 0xff;
  if (format == AV_PIX_FMT_RGB24) {
    uint8_t px[3] = {static_cast<uint8_t>(r), static_cast<uint8_t>(g), static_cast<uint8_t>(b)};
    fill_plane(frame->data[0], frame->linesize[0], width * 3, height, px, 3);
  } else {
    // Full-range BT.601, the JFIF convention.
    uint8_t yv = clamp_byte(0.299 * r + 0.587 * g + 0.114 * b);
    uint8_t cb = clamp_byte(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
    uint8_t cr = clamp_byte(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
    fill_plane(frame->data[0], frame->linesize[0], width, height, &yv, 1);
    fill_plane(frame->data[1], frame->linesize[1], (width + 1) / 2, (height + 1) / 2, &cb, 1);
    fill_plane(frame->data[2], frame->linesize[2], (width + 1) / 2, (height + 1) / 2, &cr, 1);
  }
  return frame;
}

void paste(AVFrame* dst, const AVFrame* src, int x, int y) {
  int w = std::min(src->width, dst->width - x);
  int h = std::min(src->height, dst->height - y);
  if (w <= 0 || h <= 0 || x < 0 || y < 0) return;
  if (dst->format == AV_PIX_FMT_RGB24) {
    copy_rect(dst->data[0] + static_cast<ptrdiff_t>(y) * dst->linesize[0] + x * 3, dst->linesize[0],
              src->data[0], src->linesize[0], w * 3, h);
    return;
  }
  copy_rect(dst->data[0] + static_cast<ptrdiff_t>(y) * dst->linesize[0] + x, dst->linesize[0],
            src->data[0], src->linesize[0], w, h);
  for (int p = 1; p <= 2; ++p) {
    copy_rect(dst->data[p] + static_cast<ptrdiff_t>(y / 2) * dst->linesize[p] + x / 2,
              dst->linesize[p], src->data[p], src->linesize[p], (w + 1) / 2, (h + 1) / 2);
  }
}

FramePtr crop(const AVFrame* src, int x, int y, int width, int height) {
  if (x < 0 || y < 0 || width <= 0 || height <= 0 || x + width > src->width || y + height > src->height) {
    return nullptr;
  }
  const auto format = static_cast<AVPixelFormat>(src->format);
  if (format != AV_PIX_FMT_RGB24 && format != AV_PIX_FMT_YUVJ420P) return nullptr;
  FramePtr out = alloc_frame(width, height, format);
  if (!out) return out;
  if (format == AV_PIX_FMT_RGB24) {
    copy_rect(out->data[0], out->linesize[0], src->data[0] + static_cast<ptrdiff_t>(y) * src->linesize[0] + x * 3,
              src->linesize[0], width * 3, height);
  } else {
    copy_rect(out->data[0], out->linesize[0], src->data[0] + static_cast<ptrdiff_t>(y) * src->linesize[0] + x,
              src->linesize[0], width, height);
    for (int p = 1; p <= 2; ++p) {
      copy_rect(out->data[p], out->linesize[p],
                src->data[p] + static_cast<ptrdiff_t>(y / 2) * src->linesize[p] + x / 2, src->linesize[p],
                (width + 1) / 2, (height + 1) / 2);
    }
  }
  out->pts = src->pts;
  out->best_effort_timestamp = src->best_effort_timestamp;
  return out;
}

}  // namespace tg::engine
