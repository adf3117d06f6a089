#include "engine/full_range.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace tg::engine {
namespace {

using Table = std::array<uint8_t, 256>;

// v -> round((v - from) * 255 / span + to), clamped to 0..255.
Table stretch_table(int from, int span, int to) {
  Table t{};
  for (int v = 0; v < 256; ++v) {
    double out = std::round((v - from) * 255.0 / span + to);
    t[static_cast<size_t>(v)] = static_cast<uint8_t>(std::clamp(out, 0.0, 255.0));
  }
  return t;
}

// Luma 16..235 onto 0..255; chroma 16..240 onto 0..255 around its centre, 128.
const Table& luma_table() {
  static const Table t = stretch_table(16, 219, 0);
  return t;
}

const Table& chroma_table() {
  static const Table t = stretch_table(128, 224, 128);
  return t;
}

void map_plane(const uint8_t* src, int src_stride, uint8_t* dst, int dst_stride, int width, int height,
               const Table* table) {
  for (int y = 0; y < height; ++y) {
    const uint8_t* s = src + static_cast<ptrdiff_t>(y) * src_stride;
    uint8_t* d = dst + static_cast<ptrdiff_t>(y) * dst_stride;
    if (!table) {
      std::memcpy(d, s, static_cast<size_t>(width));
      continue;
    }
    const uint8_t* lut = table->data();
    for (int x = 0; x < width; ++x) d[x] = lut[s[x]];
  }
}

}  // namespace

FramePtr to_full_range_420(const AVFrame* src) {
  auto format = static_cast<AVPixelFormat>(src->format);
  if (format != AV_PIX_FMT_YUV420P && format != AV_PIX_FMT_YUVJ420P) return nullptr;
  if (src->width <= 0 || src->height <= 0) return nullptr;
  bool full = format == AV_PIX_FMT_YUVJ420P || src->color_range == AVCOL_RANGE_JPEG;
  FramePtr dst = alloc_frame(src->width, src->height, AV_PIX_FMT_YUVJ420P);
  if (!dst) return nullptr;
  const int chroma_w = (src->width + 1) / 2;
  const int chroma_h = (src->height + 1) / 2;
  map_plane(src->data[0], src->linesize[0], dst->data[0], dst->linesize[0], src->width, src->height,
            full ? nullptr : &luma_table());
  for (int p = 1; p <= 2; ++p) {
    map_plane(src->data[p], src->linesize[p], dst->data[p], dst->linesize[p], chroma_w, chroma_h,
              full ? nullptr : &chroma_table());
  }
  dst->colorspace = src->colorspace;
  dst->color_range = AVCOL_RANGE_JPEG;
  dst->pts = src->pts;
  dst->best_effort_timestamp = src->best_effort_timestamp;
  return dst;
}

}  // namespace tg::engine
