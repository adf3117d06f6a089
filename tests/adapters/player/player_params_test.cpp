#include <gtest/gtest.h>

#include <cmath>

#include "adapters/common/query_string.hpp"
#include "adapters/player/duration_checks.hpp"
#include "adapters/player/player_params.hpp"

namespace tg::adapters::player {
namespace {

tg::Result<PlayerRequest, PlayerError> parse(const std::string& path, const std::string& query) {
  auto p = parse_player_path(path);
  if (!p) return tg::unexpected(p.error());
  auto params = adapters::parse_query(query);
  EXPECT_TRUE(params.has_value()) << query;
  return parse_player_params(*p, *params);
}

// The parameter a refused query names.
std::string refused(const std::string& path, const std::string& query) {
  auto r = parse(path, query);
  if (r.ok()) return "(accepted)";
  EXPECT_EQ(r.error().http_status, 400) << query;
  EXPECT_EQ(r.error().type, "invalid_parameter") << query;
  EXPECT_FALSE(r.error().message.empty()) << query;
  return r.error().parameter;
}

constexpr const char* kThumb = "/v/m/thumbnail.jpg";
constexpr const char* kGif = "/v/m/animated.gif";
constexpr const char* kBoard = "/v/m/storyboard.json";

TEST(PlayerParams, ThumbnailDefaultsAreMuxs) {
  auto r = parse(kThumb, "");
  ASSERT_TRUE(r.ok());
  const ThumbnailParams* t = r->thumbnail();
  ASSERT_NE(t, nullptr);
  EXPECT_FALSE(t->time_ms.has_value());
  EXPECT_EQ(t->width, 0);
  EXPECT_EQ(t->height, 0);
  EXPECT_EQ(t->fit_mode, FitMode::kPreserve);
  EXPECT_EQ(t->rotate, 0);
  EXPECT_FALSE(t->flip_v);
  EXPECT_FALSE(t->flip_h);
  EXPECT_EQ(t->mode, SeekMode::kExact);
  EXPECT_EQ(t->quality, 85);
}

TEST(PlayerParams, ThumbnailReadsEveryParameter) {
  auto r = parse(kThumb, "time=12.345&width=320&height=180&fit_mode=crop&rotate=270&flip_v=true&flip_h=1"
                         "&mode=keyframe&quality=70");
  ASSERT_TRUE(r.ok()) << r.error().message;
  const ThumbnailParams* t = r->thumbnail();
  EXPECT_EQ(t->time_ms, 12345);
  EXPECT_EQ(t->width, 320);
  EXPECT_EQ(t->height, 180);
  EXPECT_EQ(t->fit_mode, FitMode::kCrop);
  EXPECT_EQ(t->rotate, 270);
  EXPECT_TRUE(t->flip_v);
  EXPECT_TRUE(t->flip_h);
  EXPECT_EQ(t->mode, SeekMode::kKeyframe);
  EXPECT_EQ(t->quality, 70);
  for (const char* fit : {"preserve", "stretch", "pad"}) {
    EXPECT_TRUE(parse(kThumb, std::string("width=10&height=10&fit_mode=") + fit).ok()) << fit;
  }
}

TEST(PlayerParams, ThumbnailRefusalsNameTheParameter) {
  EXPECT_EQ(refused(kThumb, "time=-1"), "time");
  EXPECT_EQ(refused(kThumb, "time=nan"), "time");
  EXPECT_EQ(refused(kThumb, "time=NaN"), "time");
  EXPECT_EQ(refused(kThumb, "time=inf"), "time");
  EXPECT_EQ(refused(kThumb, "time=1e9"), "time");
  EXPECT_EQ(refused(kThumb, "time=864001"), "time");
  EXPECT_EQ(refused(kThumb, "time=99999999999999999999999"), "time");
  EXPECT_EQ(refused(kThumb, "time=1.2345"), "time");
  EXPECT_EQ(refused(kThumb, "time="), "time");
  EXPECT_EQ(refused(kThumb, "time=%201"), "time");
  EXPECT_EQ(refused(kThumb, "width=0"), "width");
  EXPECT_EQ(refused(kThumb, "width=100000"), "width");
  EXPECT_EQ(refused(kThumb, "width=-5"), "width");
  EXPECT_EQ(refused(kThumb, "width=12px"), "width");
  EXPECT_EQ(refused(kThumb, "height=8193"), "height");
  EXPECT_EQ(refused(kThumb, "fit_mode=smartcrop&width=1&height=1"), "fit_mode");
  EXPECT_EQ(refused(kThumb, "fit_mode=CROP&width=1&height=1"), "fit_mode");
  EXPECT_EQ(refused(kThumb, "fit_mode=crop&width=100"), "fit_mode");
  EXPECT_EQ(refused(kThumb, "rotate=45"), "rotate");
  EXPECT_EQ(refused(kThumb, "rotate=0"), "rotate");
  EXPECT_EQ(refused(kThumb, "rotate=360"), "rotate");
  EXPECT_EQ(refused(kThumb, "flip_v=yes"), "flip_v");
  EXPECT_EQ(refused(kThumb, "flip_h=2"), "flip_h");
  EXPECT_EQ(refused(kThumb, "mode=fast"), "mode");
  EXPECT_EQ(refused(kThumb, "quality=0"), "quality");
  EXPECT_EQ(refused(kThumb, "quality=101"), "quality");
  EXPECT_EQ(refused("/v/m/thumbnail.png", "quality=80"), "quality");
  EXPECT_EQ(refused(kThumb, "width=10&width=10"), "width");
  EXPECT_EQ(refused(kThumb, "time=1&time=2"), "time");
  EXPECT_EQ(refused(kThumb, "start=1"), "start");
  EXPECT_EQ(refused(kThumb, "cachebuster=1"), "cachebuster");
}

TEST(PlayerParams, AnimatedReadsAndBoundsItsParameters) {
  auto r = parse(kGif, "start=2&end=7.5&width=640&fps=30");
  ASSERT_TRUE(r.ok()) << r.error().message;
  const AnimatedParams* a = r->animated();
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->start_ms, 2000);
  EXPECT_EQ(a->end_ms, 7500);
  EXPECT_EQ(a->width, 640);
  EXPECT_EQ(a->fps, 30);
  auto defaults = parse(kGif, "");
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->animated()->start_ms, 0);
  EXPECT_FALSE(defaults->animated()->end_ms.has_value());
  EXPECT_EQ(defaults->animated()->fps, 15);
  EXPECT_TRUE(parse(kGif, "start=0&end=10").ok());

  EXPECT_EQ(refused(kGif, "start=5&end=4"), "end");
  EXPECT_EQ(refused(kGif, "start=5&end=5"), "end");
  EXPECT_EQ(refused(kGif, "start=0&end=10.001"), "end");
  EXPECT_EQ(refused(kGif, "start=1&end=30"), "end");
  EXPECT_EQ(refused(kGif, "fps=31"), "fps");
  EXPECT_EQ(refused(kGif, "fps=0"), "fps");
  EXPECT_EQ(refused(kGif, "width=641"), "width");
  EXPECT_EQ(refused(kGif, "height=641"), "height");
  EXPECT_EQ(refused(kGif, "start=-1"), "start");
  EXPECT_EQ(refused(kGif, "time=1"), "time");
  EXPECT_EQ(refused("/v/m/animated.webp", "end=1&end=2"), "end");
}

TEST(PlayerParams, StoryboardReadsItsParameters) {
  auto r = parse(kBoard, "tiles=20&columns=5&width=160&format=webp");
  ASSERT_TRUE(r.ok()) << r.error().message;
  const StoryboardParams* s = r->storyboard();
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->tiles, 20);
  EXPECT_EQ(s->columns, 5);
  EXPECT_EQ(s->tile_width, 160);
  EXPECT_EQ(s->sheet_format, Format::kWebp);
  auto sheet = parse("/v/m/storyboard.avif", "");
  ASSERT_TRUE(sheet.ok());
  EXPECT_EQ(sheet->storyboard()->sheet_format, Format::kAvif);

  EXPECT_EQ(refused(kBoard, "tiles=0"), "tiles");
  EXPECT_EQ(refused(kBoard, "tiles=401"), "tiles");
  EXPECT_EQ(refused(kBoard, "columns=0"), "columns");
  EXPECT_EQ(refused(kBoard, "width=15"), "width");
  EXPECT_EQ(refused(kBoard, "width=1025"), "width");
  EXPECT_EQ(refused(kBoard, "format=gif"), "format");
  EXPECT_EQ(refused("/v/m/storyboard.jpg", "format=png"), "format");  // the extension says it
  EXPECT_TRUE(parse("/v/m/storyboard.jpg", "format=jpg").ok());
  EXPECT_EQ(refused("/v/m/storyboard.vtt", "tiles=5&tiles=5"), "tiles");
}

TEST(PlayerParams, DurationFillsDefaultsAndRefusesTimesPastTheEnd) {
  auto middle = apply_duration(*parse(kThumb, ""), 10.0);
  ASSERT_TRUE(middle.ok());
  EXPECT_EQ(middle->thumbnail()->time_ms, 5000);
  EXPECT_TRUE(apply_duration(*parse(kThumb, "time=10"), 10.0).ok());
  auto past = apply_duration(*parse(kThumb, "time=10.001"), 10.0);
  ASSERT_FALSE(past.ok());
  EXPECT_EQ(past.error().parameter, "time");
  EXPECT_NE(past.error().message.find("10.000"), std::string::npos) << past.error().message;

  auto gif = apply_duration(*parse(kGif, "start=8"), 10.0);
  ASSERT_TRUE(gif.ok());
  EXPECT_EQ(gif->animated()->end_ms, 10000);  // start + 5 s, limited to the end
  auto gif_default = apply_duration(*parse(kGif, ""), 60.0);
  EXPECT_EQ(gif_default->animated()->end_ms, 5000);
  auto late = apply_duration(*parse(kGif, "start=10"), 10.0);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().parameter, "start");

  for (double bad : {0.0, -1.0, std::nan(""), 1e12}) {
    auto r = apply_duration(*parse(kThumb, ""), bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().parameter, "media");
  }
}

}  // namespace
}  // namespace tg::adapters::player
