// Size planning: display size from coded size, SAR and orientation, then the ImageOptions rules.

#include <gtest/gtest.h>

#include "engine/size_planner.hpp"

namespace tg::engine {
namespace {

SourceGeometry hd() { return SourceGeometry{1920, 1080, 1, 1, false}; }

SizePlan plan(const SourceGeometry& g, ImageOptions o, bool even = true) {
  auto r = plan_size(g, o, even);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : SizePlan{};
}

TEST(SizePlanner, BothZeroGivesTheDisplaySize) {
  SizePlan p = plan(hd(), {});
  EXPECT_EQ(p.image_width, 1920);
  EXPECT_EQ(p.image_height, 1080);
  EXPECT_EQ(p.content_width, 1920);
  EXPECT_EQ(p.content_x, 0);
}

TEST(SizePlanner, AnamorphicSourceIsWidenedBySar) {
  SizePlan p = plan(SourceGeometry{480, 360, 4, 3, false}, {});
  EXPECT_EQ(p.display_width, 640);
  EXPECT_EQ(p.display_height, 360);
  EXPECT_EQ(p.image_width, 640);
  EXPECT_EQ(p.image_height, 360);
}

TEST(SizePlanner, TransposedSourceSwapsDimensions) {
  SizePlan p = plan(SourceGeometry{640, 360, 1, 1, true}, {});
  EXPECT_EQ(p.display_width, 360);
  EXPECT_EQ(p.display_height, 640);
  ImageOptions o;
  o.width = 180;
  p = plan(SourceGeometry{640, 360, 1, 1, true}, o);
  EXPECT_EQ(p.image_width, 180);
  EXPECT_EQ(p.image_height, 320);
}

TEST(SizePlanner, OneSideKeepsTheAspectRatio) {
  ImageOptions o;
  o.width = 320;
  SizePlan p = plan(hd(), o);
  EXPECT_EQ(p.image_width, 320);
  EXPECT_EQ(p.image_height, 180);
  o = {};
  o.height = 90;
  p = plan(hd(), o);
  EXPECT_EQ(p.image_width, 160);
  EXPECT_EQ(p.image_height, 90);
}

TEST(SizePlanner, BothSidesStretch) {
  ImageOptions o;
  o.width = 100;
  o.height = 100;
  SizePlan p = plan(hd(), o);
  EXPECT_EQ(p.image_width, 100);
  EXPECT_EQ(p.image_height, 100);
  EXPECT_EQ(p.content_width, 100);
  EXPECT_EQ(p.content_height, 100);
}

TEST(SizePlanner, PadFitsInsideAndCentres) {
  ImageOptions o;
  o.width = 400;
  o.height = 400;
  o.fit = Fit::kPad;
  SizePlan p = plan(hd(), o);
  EXPECT_EQ(p.image_width, 400);
  EXPECT_EQ(p.image_height, 400);
  EXPECT_EQ(p.content_width, 400);
  EXPECT_EQ(p.content_height, 225);
  EXPECT_EQ(p.content_x, 0);
  EXPECT_EQ(p.content_y, 86);  // 87.5 down to an even row for 4:2:0 chroma
  p = plan(hd(), o, false);
  EXPECT_EQ(p.content_height, 225);
  EXPECT_EQ(p.content_y, 87);
}

TEST(SizePlanner, MaxLengthOnlyDownscales) {
  ImageOptions o;
  o.max_length = 480;
  SizePlan p = plan(hd(), o);
  EXPECT_EQ(p.image_width, 480);
  EXPECT_EQ(p.image_height, 270);
  o.max_length = 4000;
  p = plan(hd(), o);
  EXPECT_EQ(p.image_width, 1920);
  EXPECT_EQ(p.image_height, 1080);
}

TEST(SizePlanner, JpegSizesAreKeptExactlyEvenWhenOdd) {
  ImageOptions o;
  o.width = 101;
  SizePlan p = plan(hd(), o);
  EXPECT_EQ(p.image_width, 101);
  EXPECT_EQ(p.image_height, 57);
  p = plan(hd(), o, false);
  EXPECT_EQ(p.image_width, 101);
  EXPECT_EQ(p.image_height, 57);
}

TEST(SizePlanner, RejectsNegativeAndAbsurdSizes) {
  ImageOptions o;
  o.width = -1;
  auto r = plan_size(hd(), o, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
  o.width = 20000;
  r = plan_size(hd(), o, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
  o.width = 16384;
  o.height = 0;
  r = plan_size(SourceGeometry{100, 1000, 1, 1, false}, o, true);  // height would be 163840
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::kInvalidArgument);
}

TEST(SizePlanner, RejectsAbsurdSources) {
  auto r = plan_size(SourceGeometry{40000, 100, 1, 1, false}, {}, true);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::kTooLarge);
  r = plan_size(SourceGeometry{0, 100, 1, 1, false}, {}, true);
  ASSERT_FALSE(r.ok());
}

}  // namespace
}  // namespace tg::engine
