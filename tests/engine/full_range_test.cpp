// Same-size range conversion to YUVJ420P: exact end points, copies of full-range input, odd sizes,
// and agreement with libswscale's own conversion.

#include <gtest/gtest.h>

#include <cstdlib>

#include "engine/full_range.hpp"

extern "C" {
#include <libswscale/swscale.h>
}

namespace tg::engine {
namespace {

FramePtr filled(int w, int h, AVPixelFormat format, int y, int u, int v) {
  FramePtr f = alloc_frame(w, h, format);
  EXPECT_TRUE(f);
  const int cw = (w + 1) / 2;
  const int ch = (h + 1) / 2;
  for (int row = 0; row < h; ++row) memset(f->data[0] + row * f->linesize[0], y, static_cast<size_t>(w));
  for (int row = 0; row < ch; ++row) {
    memset(f->data[1] + row * f->linesize[1], u, static_cast<size_t>(cw));
    memset(f->data[2] + row * f->linesize[2], v, static_cast<size_t>(cw));
  }
  return f;
}

TEST(FullRange, LimitedRangeEndPointsStretchToTheFullScale) {
  // Chroma is stretched around 128, so its lower end 16 lands half a step above 0.
  struct Case { int in_y, in_c, out_y, out_c; };
  for (Case c : {Case{16, 16, 0, 1}, Case{235, 240, 255, 255}, Case{128, 128, 130, 128},
                 Case{0, 0, 0, 0}, Case{255, 255, 255, 255}}) {
    FramePtr src = filled(8, 4, AV_PIX_FMT_YUV420P, c.in_y, c.in_c, c.in_c);
    FramePtr out = to_full_range_420(src.get());
    ASSERT_TRUE(out);
    EXPECT_EQ(out->format, AV_PIX_FMT_YUVJ420P);
    EXPECT_EQ(out->color_range, AVCOL_RANGE_JPEG);
    EXPECT_EQ(out->data[0][0], c.out_y) << "luma " << c.in_y;
    EXPECT_EQ(out->data[1][0], c.out_c) << "chroma " << c.in_c;
    EXPECT_EQ(out->data[2][3], c.out_c) << "chroma " << c.in_c;
  }
}

TEST(FullRange, FullRangeInputIsCopiedUnchanged) {
  FramePtr tagged = filled(6, 6, AV_PIX_FMT_YUV420P, 3, 250, 7);
  tagged->color_range = AVCOL_RANGE_JPEG;
  FramePtr jpeg_format = filled(6, 6, AV_PIX_FMT_YUVJ420P, 3, 250, 7);
  for (const FramePtr* src : {&tagged, &jpeg_format}) {
    FramePtr out = to_full_range_420(src->get());
    ASSERT_TRUE(out);
    EXPECT_EQ(out->data[0][5 * out->linesize[0] + 5], 3);
    EXPECT_EQ(out->data[1][2], 250);
    EXPECT_EQ(out->data[2][2 * out->linesize[2]], 7);
  }
}

TEST(FullRange, OddSizesKeepEveryEdgeSample) {
  FramePtr src = filled(7, 5, AV_PIX_FMT_YUV420P, 235, 240, 16);
  FramePtr out = to_full_range_420(src.get());
  ASSERT_TRUE(out);
  EXPECT_EQ(out->width, 7);
  EXPECT_EQ(out->height, 5);
  EXPECT_EQ(out->data[0][4 * out->linesize[0] + 6], 255);
  EXPECT_EQ(out->data[1][2 * out->linesize[1] + 3], 255);  // chroma is 4x3 for 7x5
  EXPECT_EQ(out->data[2][2 * out->linesize[2] + 3], 1);
}

TEST(FullRange, OtherFormatsAreLeftToTheScaler) {
  FramePtr ten_bit = alloc_frame(8, 8, AV_PIX_FMT_YUV420P10LE);
  ASSERT_TRUE(ten_bit);
  EXPECT_FALSE(to_full_range_420(ten_bit.get()));
  FramePtr yuv422 = alloc_frame(8, 8, AV_PIX_FMT_YUV422P);
  ASSERT_TRUE(yuv422);
  EXPECT_FALSE(to_full_range_420(yuv422.get()));
}

TEST(FullRange, AgreesWithLibswscaleWithinOneStep) {
  const int w = 64;
  const int h = 32;
  FramePtr src = alloc_frame(w, h, AV_PIX_FMT_YUV420P);
  ASSERT_TRUE(src);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) src->data[0][y * src->linesize[0] + x] = static_cast<uint8_t>((x * 4 + y) & 0xff);
  }
  for (int p = 1; p <= 2; ++p) {
    for (int y = 0; y < h / 2; ++y) {
      for (int x = 0; x < w / 2; ++x) {
        src->data[p][y * src->linesize[p] + x] = static_cast<uint8_t>((x * 8 + y * p) & 0xff);
      }
    }
  }
  FramePtr ours = to_full_range_420(src.get());
  ASSERT_TRUE(ours);

  SwsContextPtr sws(sws_getContext(w, h, AV_PIX_FMT_YUV420P, w, h, AV_PIX_FMT_YUVJ420P, SWS_BICUBIC,
                                   nullptr, nullptr, nullptr));
  ASSERT_TRUE(sws);
  FramePtr ref = alloc_frame(w, h, AV_PIX_FMT_YUVJ420P);
  ASSERT_TRUE(ref);
  ASSERT_EQ(sws_scale(sws.get(), src->data, src->linesize, 0, h, ref->data, ref->linesize), h);

  int worst = 0;
  for (int p = 0; p < 3; ++p) {
    int pw = p == 0 ? w : w / 2;
    int ph = p == 0 ? h : h / 2;
    for (int y = 0; y < ph; ++y) {
      for (int x = 0; x < pw; ++x) {
        int a = ours->data[p][y * ours->linesize[p] + x];
        int b = ref->data[p][y * ref->linesize[p] + x];
        worst = std::max(worst, std::abs(a - b));
      }
    }
  }
  EXPECT_LE(worst, 1);
}

}  // namespace
}  // namespace tg::engine
