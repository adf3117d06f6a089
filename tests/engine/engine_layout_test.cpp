// Pure planning: sampling times, sprite page geometry and cues, WebVTT text.

#include <limits>

#include <gtest/gtest.h>

#include "engine/sampling_plan.hpp"
#include "engine/sprite_layout.hpp"

namespace tg::engine {
namespace {

std::vector<double> times_of(SampleRequest r, double duration) {
  auto t = sampling_times(r, duration);
  EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
  return t.ok() ? *t : std::vector<double>{};
}

TEST(SamplingPlan, EveryIntervalBelowTheDuration) {
  SampleRequest r;
  r.interval = 2;
  EXPECT_EQ(times_of(r, 6.0), (std::vector<double>{0, 2, 4}));
  EXPECT_EQ(times_of(r, 6.5), (std::vector<double>{0, 2, 4, 6}));
  r.start_s = 1;
  EXPECT_EQ(times_of(r, 6.0), (std::vector<double>{1, 3, 5}));
  r.count = 2;
  EXPECT_EQ(times_of(r, 6.0), (std::vector<double>{1, 3}));
}

TEST(SamplingPlan, PercentIntervalIsAShareOfTheDuration) {
  SampleRequest r;
  r.interval = 10;
  r.percent = true;
  auto t = times_of(r, 12.0);
  ASSERT_EQ(t.size(), 10u);
  for (size_t i = 0; i < t.size(); ++i) EXPECT_NEAR(t[i], 1.2 * static_cast<double>(i), 1e-9);
}

TEST(SamplingPlan, RejectsBadIntervals) {
  SampleRequest r;
  r.interval = 0;
  EXPECT_FALSE(sampling_times(r, 10).ok());
  r.interval = -1;
  EXPECT_FALSE(sampling_times(r, 10).ok());
  r.interval = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(sampling_times(r, 10).ok());
  r.interval = 1e-9;
  auto t = sampling_times(r, 10);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, Errc::kInvalidArgument);
  r.interval = 1;
  r.start_s = -1;
  EXPECT_FALSE(sampling_times(r, 10).ok());
}

TEST(SamplingPlan, RefusesAStartTheIntervalCannotMoveOnFrom) {
  // 1e17 + 1 is 1e17 as a double: with an unknown duration the plan would be `count` copies of one time.
  SampleRequest r;
  r.interval = 1;
  r.start_s = 1e17;
  r.count = 3;
  auto t = sampling_times(r, 0);
  ASSERT_FALSE(t.ok()) << t->size() << " times";
  EXPECT_EQ(t.error().code, Errc::kInvalidArgument);
  r.start_s = 1e6;  // far from zero, still apart
  EXPECT_EQ(times_of(r, 0), (std::vector<double>{1e6, 1e6 + 1, 1e6 + 2}));
}

SpriteRequest grid(int columns, int rows) {
  SpriteRequest r;
  r.columns = columns;
  r.rows = rows;
  r.cell_width = 160;
  r.cell_height = 90;
  r.padding = 4;
  r.margin = 10;
  return r;
}

TEST(SpriteLayout, PageGeometryAndCueRectangles) {
  std::vector<double> times = {0, 2, 4, 6, 8};
  auto layout = layout_sprite(grid(2, 2), times, 9.5);
  ASSERT_TRUE(layout.ok());
  EXPECT_EQ(layout->page_width, 2 * 10 + 2 * 160 + 4);
  EXPECT_EQ(layout->page_height, 2 * 10 + 2 * 90 + 4);
  EXPECT_EQ(layout->tiles_per_page, 4);
  EXPECT_EQ(layout->page_count, 2);
  ASSERT_EQ(layout->cues.size(), 5u);
  const auto& c = layout->cues;
  EXPECT_EQ(c[0].page, 0);
  EXPECT_EQ(c[0].x, 10);
  EXPECT_EQ(c[0].y, 10);
  EXPECT_EQ(c[1].x, 174);
  EXPECT_EQ(c[1].y, 10);
  EXPECT_EQ(c[2].x, 10);
  EXPECT_EQ(c[2].y, 104);
  EXPECT_EQ(c[3].x, 174);
  EXPECT_EQ(c[3].y, 104);
  EXPECT_EQ(c[4].page, 1);
  EXPECT_EQ(c[4].x, 10);
  EXPECT_EQ(c[4].y, 10);
  EXPECT_EQ(c[4].w, 160);
  EXPECT_EQ(c[4].h, 90);
  EXPECT_DOUBLE_EQ(c[0].start_s, 0);
  EXPECT_DOUBLE_EQ(c[0].end_s, 2);
  EXPECT_DOUBLE_EQ(c[4].start_s, 8);
  EXPECT_DOUBLE_EQ(c[4].end_s, 9.5);
}

TEST(SpriteLayout, RejectsBadGrids) {
  EXPECT_FALSE(layout_sprite(grid(0, 2), {}, 1).ok());
  SpriteRequest r = grid(2, 2);
  r.cell_width = 0;
  EXPECT_FALSE(layout_sprite(r, {}, 1).ok());
  r = grid(200, 2);  // 200 x 164 px wide
  auto l = layout_sprite(r, {}, 1);
  ASSERT_FALSE(l.ok());
  EXPECT_EQ(l.error().code, Errc::kInvalidArgument);
  r = grid(2, 2);
  r.padding = -1;
  EXPECT_FALSE(layout_sprite(r, {}, 1).ok());
}

TEST(WebVtt, RendersCuesExactly) {
  std::vector<SpriteCue> cues = {{0, 10, 0, 0, 0, 142, 80}, {10, 20, 0, 142, 0, 142, 80},
                                 {3600 + 61.5, 3725.0004, 1, 0, 80, 142, 80}};
  std::string vtt = render_webvtt(cues, [](int page) { return "sprite-" + std::to_string(page + 1) + ".jpg"; });
  EXPECT_EQ(vtt,
            "WEBVTT\n\n"
            "00:00:00.000 --> 00:00:10.000\nsprite-1.jpg#xywh=0,0,142,80\n\n"
            "00:00:10.000 --> 00:00:20.000\nsprite-1.jpg#xywh=142,0,142,80\n\n"
            "01:01:01.500 --> 01:02:05.000\nsprite-2.jpg#xywh=0,80,142,80\n\n");
  EXPECT_EQ(render_webvtt({}, [](int) { return std::string("x"); }), "WEBVTT\n\n");
}

TEST(WebVtt, TimesFarBeyondAnyMediaStayTimestamps) {
  // A damaged container can claim an absurd duration, which becomes the last cue's end.
  std::vector<SpriteCue> cues = {{0, 1e300, 0, 0, 0, 8, 8}};
  const std::string vtt = render_webvtt(cues, [](int) { return std::string("s.jpg"); });
  EXPECT_EQ(vtt,
            "WEBVTT\n\n00:00:00.000 --> 277777:46:40.000\ns.jpg#xywh=0,0,8,8\n\n");
}

TEST(SpriteLayout, UnknownDurationEndsTheLastCueAtItsStart) {
  auto layout = layout_sprite(grid(2, 2), {0, 2}, std::numeric_limits<double>::quiet_NaN());
  ASSERT_TRUE(layout.ok());
  EXPECT_EQ(layout->cues.back().end_s, 2);
}

}  // namespace
}  // namespace tg::engine
