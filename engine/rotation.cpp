#include "engine/rotation.hpp"

#include <cmath>

extern "C" {
#include <libavutil/display.h>
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
}

namespace tg::engine {

Orientation orientation_from_matrix(const int32_t* m) {
  Orientation o;
  if (!m) return o;
  double ccw = av_display_rotation_get(m);
  if (std::isnan(ccw)) return o;
  // The same reading as the ffmpeg tool: a clockwise angle, with mirrored matrices mapped to the
  // transpose variants.
  long theta = std::lround(-ccw);
  theta = ((theta % 360) + 360) % 360;
  if (std::labs(theta - 90) <= 1) {
    o.transpose = true;
    o.degrees = 90;
    if (m[3] > 0) {  // rotate counter-clockwise then flip vertically: a plain transpose
      o.flip_x = false;
      o.flip_y = false;
    } else {
      o.flip_y = true;
    }
  } else if (std::labs(theta - 180) <= 1) {
    o.degrees = 180;
    o.flip_x = m[0] < 0;
    o.flip_y = m[4] < 0;
  } else if (std::labs(theta - 270) <= 1) {
    o.transpose = true;
    o.degrees = 270;
    if (m[3] < 0) {  // rotate clockwise then flip vertically: the anti-transpose
      o.flip_x = true;
      o.flip_y = true;
    } else {
      o.flip_x = true;
    }
  } else if (theta <= 1 || theta >= 359) {
    o.flip_y = m[4] < 0;
  }
  return o;
}

namespace {

// An orientation as the signed permutation matrix taking a centred output pixel position to the
// centred position it is read from: m = flips * (transpose ? swap : identity).
struct Mat2 {
  int a, b, c, d;  // [[a, b], [c, d]]
  Mat2 operator*(const Mat2& o) const {
    return {a * o.a + b * o.c, a * o.b + b * o.d, c * o.a + d * o.c, c * o.b + d * o.d};
  }
};

Mat2 to_matrix(const Orientation& o) {
  const int fx = o.flip_x ? -1 : 1;
  const int fy = o.flip_y ? -1 : 1;
  return o.transpose ? Mat2{0, fx, fy, 0} : Mat2{fx, 0, 0, fy};
}

Orientation from_matrix(const Mat2& m, int degrees) {
  Orientation o;
  o.transpose = m.a == 0;
  o.flip_x = (o.transpose ? m.b : m.a) < 0;
  o.flip_y = (o.transpose ? m.c : m.d) < 0;
  o.degrees = degrees;
  return o;
}

}  // namespace

Orientation compose(const Orientation& base, int turn_degrees, bool flip_h, bool flip_v) {
  // Each step reads its input at (its matrix * output position), so a later step's matrix goes right.
  Mat2 m = to_matrix(base);
  int turn = 0;
  switch (turn_degrees) {
    case 90: m = m * Mat2{0, 1, -1, 0}; turn = 90; break;   // out(x, y) = in(y, H-1-x)
    case 180: m = m * Mat2{-1, 0, 0, -1}; turn = 180; break;
    case 270: m = m * Mat2{0, -1, 1, 0}; turn = 270; break; // out(x, y) = in(W-1-y, x)
    default: break;
  }
  if (flip_h) m = m * Mat2{-1, 0, 0, 1};
  if (flip_v) m = m * Mat2{1, 0, 0, -1};
  return from_matrix(m, (base.degrees + turn) % 360);
}

Orientation stream_orientation(const AVStream* stream) {
  size_t size = 0;
  const uint8_t* data = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
  if (!data || size < 9 * sizeof(int32_t)) return {};
  return orientation_from_matrix(reinterpret_cast<const int32_t*>(data));
}

namespace {

void remap_plane(const uint8_t* src, int src_stride, int src_w, int src_h, uint8_t* dst,
                 int dst_stride, int dst_w, int dst_h, int bytes_per_pixel, const Orientation& o) {
  for (int y = 0; y < dst_h; ++y) {
    uint8_t* out = dst + static_cast<ptrdiff_t>(y) * dst_stride;
    for (int x = 0; x < dst_w; ++x) {
      int u = o.transpose ? y : x;
      int v = o.transpose ? x : y;
      int sx = o.flip_x ? src_w - 1 - u : u;
      int sy = o.flip_y ? src_h - 1 - v : v;
      const uint8_t* in = src + static_cast<ptrdiff_t>(sy) * src_stride + sx * bytes_per_pixel;
      for (int b = 0; b < bytes_per_pixel; ++b) out[x * bytes_per_pixel + b] = in[b];
    }
  }
}

}  // namespace

FramePtr apply_orientation(const AVFrame* src, const Orientation& o) {
  if (o.identity()) return ref_frame(src);
  const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(src->format));
  if (!desc || (desc->flags & (AV_PIX_FMT_FLAG_BITSTREAM | AV_PIX_FMT_FLAG_PAL | AV_PIX_FMT_FLAG_HWACCEL))) {
    return nullptr;
  }
  int dst_w = o.transpose ? src->height : src->width;
  int dst_h = o.transpose ? src->width : src->height;
  // Transposing a subsampled format needs equal subsampling on both axes.
  if (o.transpose && desc->log2_chroma_w != desc->log2_chroma_h) return nullptr;
  FramePtr dst = alloc_frame(dst_w, dst_h, static_cast<AVPixelFormat>(src->format));
  if (!dst) return nullptr;
  int planes = av_pix_fmt_count_planes(static_cast<AVPixelFormat>(src->format));
  for (int p = 0; p < planes; ++p) {
    bool chroma = (p == 1 || p == 2) && !(desc->flags & AV_PIX_FMT_FLAG_RGB);
    int sw = chroma ? AV_CEIL_RSHIFT(src->width, desc->log2_chroma_w) : src->width;
    int sh = chroma ? AV_CEIL_RSHIFT(src->height, desc->log2_chroma_h) : src->height;
    int dw = chroma ? AV_CEIL_RSHIFT(dst_w, desc->log2_chroma_w) : dst_w;
    int dh = chroma ? AV_CEIL_RSHIFT(dst_h, desc->log2_chroma_h) : dst_h;
    int linesize_bytes = av_image_get_linesize(static_cast<AVPixelFormat>(src->format), src->width, p);
    int bpp = sw > 0 ? linesize_bytes / sw : 1;
    if (bpp <= 0) bpp = 1;
    remap_plane(src->data[p], src->linesize[p], sw, sh, dst->data[p], dst->linesize[p], dw, dh, bpp, o);
  }
  dst->pts = src->pts;
  dst->best_effort_timestamp = src->best_effort_timestamp;
  dst->color_range = src->color_range;
  dst->colorspace = src->colorspace;
  return dst;
}

}  // namespace tg::engine
