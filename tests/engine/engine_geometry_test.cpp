// Thumbnail geometry: fit modes preserve / stretch / crop / pad, turns of 90/180/270 and mirrors after
// the stream's own orientation; checked on decoded pictures (where the red quadrant went) and on the
// pure size plan and orientation arithmetic.

#include <gtest/gtest.h>

#include "engine/canvas.hpp"
#include "engine/engine.hpp"
#include "engine/rotation.hpp"
#include "engine/size_planner.hpp"
#include "support/image_readers.hpp"
#include "support/clips.hpp"

namespace tg::engine {
namespace {

using tg::testing::ClipKind;
using tg::testing::clip_path;
using testing::decode_rgb;
using testing::RgbPicture;

RgbPicture picture(ClipKind kind, const ImageOptions& options) {
  SnapshotRequest r;
  r.times.push_back(TimePoint{1.0, false});
  r.image = options;
  auto result = snapshot(Source{clip_path(kind)}, r);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
  if (!result.ok()) return {};
  EXPECT_EQ(result->front().width, decode_rgb(result->front().data).width);
  return decode_rgb(result->front().data);
}

ImageOptions box(int w, int h, Fit fit, ImageFormat format = ImageFormat::kPng) {
  ImageOptions o;
  o.width = w;
  o.height = h;
  o.fit = fit;
  o.format = format;
  return o;
}

enum class Corner { kTopLeft, kTopRight, kBottomLeft, kBottomRight };

// Which corner of the picture is red (the others blue); checked away from the edges between them.
bool red_only_at(const RgbPicture& p, Corner corner) {
  const int qw = p.width / 2;
  const int qh = p.height / 2;
  bool ok = true;
  for (Corner c : {Corner::kTopLeft, Corner::kTopRight, Corner::kBottomLeft, Corner::kBottomRight}) {
    const int x = (c == Corner::kTopRight || c == Corner::kBottomRight) ? qw : 0;
    const int y = (c == Corner::kBottomLeft || c == Corner::kBottomRight) ? qh : 0;
    auto m = p.mean(x + qw / 4, y + qh / 4, qw / 2, qh / 2);
    const bool red = m[0] > 180 && m[2] < 80;
    const bool blue = m[2] > 180 && m[0] < 80;
    ok = ok && (c == corner ? red : blue);
  }
  return ok;
}

TEST(FitModes, SizesOfEachModeInABox) {
  // The clip is 320x240 (4:3); the box 200x200.
  struct Case {
    Fit fit;
    int w, h;
  } cases[] = {{Fit::kStretch, 200, 200}, {Fit::kPad, 200, 200}, {Fit::kPreserve, 200, 150}, {Fit::kCrop, 200, 200}};
  for (const Case& c : cases) {
    for (ImageFormat f : {ImageFormat::kJpeg, ImageFormat::kPng, ImageFormat::kWebp, ImageFormat::kAvif}) {
      auto p = picture(ClipKind::kRedQuadrant, box(200, 200, c.fit, f));
      EXPECT_EQ(p.width, c.w) << static_cast<int>(c.fit) << "/" << static_cast<int>(f);
      EXPECT_EQ(p.height, c.h) << static_cast<int>(c.fit) << "/" << static_cast<int>(f);
    }
  }
  auto wide = picture(ClipKind::kRedQuadrant, box(400, 100, Fit::kPreserve));
  EXPECT_EQ(wide.width, 133);
  EXPECT_EQ(wide.height, 100);
}

TEST(FitModes, CropCutsTheCentreAndPadAddsBars) {
  // A 120x240 crop of the 320x240 clip keeps source columns 100..219: red on the left of the top half.
  auto cropped = picture(ClipKind::kRedQuadrant, box(120, 240, Fit::kCrop));
  ASSERT_EQ(cropped.width, 120);
  auto left = cropped.mean(5, 10, 50, 100);
  auto right = cropped.mean(65, 10, 50, 100);
  EXPECT_GT(left[0], 180);
  EXPECT_GT(right[2], 180);
  EXPECT_LT(right[0], 80);
  // Padding 320x240 into 200x200: the picture fills 200x150 between black bars of 25 rows.
  ImageOptions pad = box(200, 200, Fit::kPad);
  auto padded = picture(ClipKind::kRedQuadrant, pad);
  auto bar = padded.mean(0, 0, 200, 20);
  EXPECT_LT(bar[0] + bar[1] + bar[2], 10);
  auto stretched = picture(ClipKind::kRedQuadrant, box(200, 200, Fit::kStretch));
  EXPECT_TRUE(red_only_at(stretched, Corner::kTopLeft));
}

TEST(Turns, RedQuadrantMovesClockwise) {
  struct Case {
    int turn;
    bool flip_h, flip_v;
    Corner red;
    int w, h;
  } cases[] = {
      {0, false, false, Corner::kTopLeft, 320, 240},     {90, false, false, Corner::kTopRight, 240, 320},
      {180, false, false, Corner::kBottomRight, 320, 240}, {270, false, false, Corner::kBottomLeft, 240, 320},
      {0, true, false, Corner::kTopRight, 320, 240},     {0, false, true, Corner::kBottomLeft, 320, 240},
      {90, true, false, Corner::kTopLeft, 240, 320},     {90, false, true, Corner::kBottomRight, 240, 320},
      {0, true, true, Corner::kBottomRight, 320, 240},
  };
  for (const Case& c : cases) {
    for (ImageFormat f : {ImageFormat::kPng, ImageFormat::kJpeg}) {
      ImageOptions o;
      o.format = f;
      o.turn_degrees = c.turn;
      o.flip_h = c.flip_h;
      o.flip_v = c.flip_v;
      auto p = picture(ClipKind::kRedQuadrant, o);
      const std::string what = std::to_string(c.turn) + (c.flip_h ? " h" : "") + (c.flip_v ? " v" : "") + " format " +
                               std::to_string(static_cast<int>(f));
      EXPECT_EQ(p.width, c.w) << what;
      EXPECT_EQ(p.height, c.h) << what;
      EXPECT_TRUE(red_only_at(p, c.red)) << what;
    }
  }
}

TEST(Turns, SizesAreThoseOfTheTurnedPicture) {
  ImageOptions o = box(120, 0, Fit::kStretch);
  o.turn_degrees = 90;
  auto p = picture(ClipKind::kRedQuadrant, o);
  EXPECT_EQ(p.width, 120);
  EXPECT_EQ(p.height, 160);
  EXPECT_TRUE(red_only_at(p, Corner::kTopRight));
}

TEST(Turns, ComeAfterTheDisplayMatrix) {
  // The clip displays as 360x640 (its matrix turns it); a further quarter turn gives 640x360 again.
  ImageOptions o;
  o.format = ImageFormat::kPng;
  o.turn_degrees = 90;
  auto turned = picture(ClipKind::kRotated90, o);
  EXPECT_EQ(turned.width, 640);
  EXPECT_EQ(turned.height, 360);
  o.turn_degrees = 0;
  o.flip_h = true;
  auto mirrored = picture(ClipKind::kRotated90, o);
  EXPECT_EQ(mirrored.width, 360);
  EXPECT_EQ(mirrored.height, 640);
  // With the matrix ignored, the turn applies to the coded picture.
  o.flip_h = false;
  o.turn_degrees = 90;
  o.rotate = Rotate::kOff;
  auto coded = picture(ClipKind::kRotated90, o);
  EXPECT_EQ(coded.width, 360);
  EXPECT_EQ(coded.height, 640);
}

TEST(Turns, OtherAnglesAreRefused) {
  for (int turn : {45, -90, 360, 1}) {
    SnapshotRequest r;
    r.times.push_back(TimePoint{1.0, false});
    r.image.turn_degrees = turn;
    auto result = snapshot(Source{clip_path(ClipKind::kH264Short)}, r);
    ASSERT_FALSE(result.ok()) << turn;
    EXPECT_EQ(result.error().code, Errc::kInvalidArgument);
  }
}

// A 3x2 RGB24 picture whose pixel (x, y) holds the value 10 * y + x in each byte.
FramePtr numbered() {
  FramePtr f = alloc_frame(3, 2, AV_PIX_FMT_RGB24);
  for (int y = 0; y < 2; ++y) {
    for (int x = 0; x < 3; ++x) {
      for (int b = 0; b < 3; ++b) f->data[0][y * f->linesize[0] + x * 3 + b] = static_cast<uint8_t>(10 * y + x);
    }
  }
  return f;
}

std::vector<std::vector<int>> values(const AVFrame* f) {
  std::vector<std::vector<int>> rows(static_cast<size_t>(f->height));
  for (int y = 0; y < f->height; ++y) {
    for (int x = 0; x < f->width; ++x) rows[static_cast<size_t>(y)].push_back(f->data[0][y * f->linesize[0] + x * 3]);
  }
  return rows;
}

TEST(OrientationCompose, TurnsAndMirrorsAPicture) {
  FramePtr src = numbered();  // rows {0 1 2} {10 11 12}
  using Rows = std::vector<std::vector<int>>;
  auto apply = [&](const Orientation& o) { return values(apply_orientation(src.get(), o).get()); };
  EXPECT_EQ(apply(compose({}, 90, false, false)), (Rows{{10, 0}, {11, 1}, {12, 2}}));
  EXPECT_EQ(apply(compose({}, 180, false, false)), (Rows{{12, 11, 10}, {2, 1, 0}}));
  EXPECT_EQ(apply(compose({}, 270, false, false)), (Rows{{2, 12}, {1, 11}, {0, 10}}));
  EXPECT_EQ(apply(compose({}, 0, true, false)), (Rows{{2, 1, 0}, {12, 11, 10}}));
  EXPECT_EQ(apply(compose({}, 0, false, true)), (Rows{{10, 11, 12}, {0, 1, 2}}));
  // Mirror after the turn: the turned rows reversed.
  EXPECT_EQ(apply(compose({}, 90, true, false)), (Rows{{0, 10}, {1, 11}, {2, 12}}));
  // After a stream orientation: two quarter turns make a half turn.
  Orientation quarter = compose({}, 90, false, false);
  EXPECT_EQ(apply(compose(quarter, 90, false, false)), apply(compose({}, 180, false, false)));
  EXPECT_EQ(compose(quarter, 90, false, false).degrees, 180);
  EXPECT_TRUE(compose({}, 0, false, false).identity());
  EXPECT_TRUE(compose(compose({}, 0, true, true), 180, false, false).identity());
}

TEST(SizePlanFit, PreserveAndCropArithmetic) {
  SourceGeometry g{640, 360, 0, 0, false};
  ImageOptions o;
  o.width = 300;
  o.height = 300;
  o.fit = Fit::kPreserve;
  auto p = plan_size(g, o, false);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->image_width, 300);
  EXPECT_EQ(p->image_height, 169);
  o.fit = Fit::kCrop;
  p = plan_size(g, o, true);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->image_width, 300);
  EXPECT_EQ(p->image_height, 300);
  EXPECT_EQ(p->content_width, 533);
  EXPECT_EQ(p->content_height, 300);
  EXPECT_EQ(p->crop_x, 116);  // (533 - 300) / 2 = 116.5, even for 4:2:0
  EXPECT_EQ(p->crop_y, 0);
  // One side given: every fit keeps the aspect, as before.
  o.height = 0;
  for (Fit f : {Fit::kStretch, Fit::kPad, Fit::kPreserve, Fit::kCrop}) {
    o.fit = f;
    p = plan_size(g, o, false);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->image_width, 300);
    EXPECT_EQ(p->image_height, 169);
  }
  // A crop whose scaled picture would be absurd is refused.
  o.width = 16384;
  o.height = 1;
  o.fit = Fit::kCrop;
  EXPECT_FALSE(plan_size(SourceGeometry{16, 9000, 0, 0, false}, o, false).ok());
}

TEST(CanvasCrop, CopiesTheRectangle) {
  FramePtr src = numbered();
  FramePtr cut = crop(src.get(), 1, 1, 2, 1);
  ASSERT_TRUE(cut);
  EXPECT_EQ(values(cut.get()), (std::vector<std::vector<int>>{{11, 12}}));
  EXPECT_FALSE(crop(src.get(), 2, 0, 2, 1));
  EXPECT_FALSE(crop(src.get(), -1, 0, 1, 1));
}

}  // namespace
}  // namespace tg::engine
