#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "adapters/player/storyboard_metadata.hpp"
#include "adapters/player/storyboard_plan.hpp"

namespace tg::adapters::player {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// "HH:MM:SS.mmm" to milliseconds.
long long vtt_ms(const std::string& t) {
  int h = 0, m = 0, s = 0, ms = 0;
  EXPECT_EQ(std::sscanf(t.c_str(), "%d:%d:%d.%d", &h, &m, &s, &ms), 4) << t;
  return ((h * 60LL + m) * 60 + s) * 1000 + ms;
}

struct VttCue {
  long long start_ms, end_ms;
  std::string url;
  int x, y, w, h;
};

std::vector<VttCue> parse_vtt(const std::string& vtt) {
  auto lines = lines_of(vtt);
  EXPECT_EQ(lines.at(0), "WEBVTT");
  std::vector<VttCue> cues;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    auto arrow = lines[i].find(" --> ");
    if (arrow == std::string::npos) continue;
    VttCue cue{};
    cue.start_ms = vtt_ms(lines[i].substr(0, arrow));
    cue.end_ms = vtt_ms(lines[i].substr(arrow + 5));
    const std::string& target = lines.at(i + 1);
    auto hash = target.find("#xywh=");
    EXPECT_NE(hash, std::string::npos) << target;
    cue.url = target.substr(0, hash);
    EXPECT_EQ(std::sscanf(target.c_str() + hash + 6, "%d,%d,%d,%d", &cue.x, &cue.y, &cue.w, &cue.h), 4);
    cues.push_back(cue);
  }
  return cues;
}

StoryboardPlan plan_of(const StoryboardParams& params, double duration, int w = 1920, int h = 1080) {
  auto plan = plan_storyboard(params, duration, w, h);
  EXPECT_TRUE(plan.ok()) << (plan.ok() ? "" : plan.error().message);
  return plan.ok() ? *plan : StoryboardPlan{};
}

TEST(StoryboardPlan, FiftyTilesUnderFifteenMinutesAndAHundredFromThenOn) {
  EXPECT_EQ(plan_of({}, 120).tiles, 50);
  EXPECT_EQ(plan_of({}, 899.999).tiles, 50);
  EXPECT_EQ(plan_of({}, 900).tiles, 100);
  EXPECT_EQ(plan_of({}, 7200).tiles, 100);
  const StoryboardPlan p = plan_of({}, 120);
  EXPECT_EQ(p.columns, 10);
  EXPECT_EQ(p.rows, 5);
  EXPECT_EQ(p.tile_width, 256);
  EXPECT_EQ(p.tile_height, 144);
  EXPECT_EQ(p.layout.page_width, 2560);
  EXPECT_EQ(p.layout.page_height, 720);
  EXPECT_DOUBLE_EQ(p.interval_s, 2.4);
}

TEST(StoryboardPlan, TilesColumnsAndWidthOverrideTheRule) {
  StoryboardParams params;
  params.tiles = 7;
  params.columns = 3;
  params.tile_width = 100;
  const StoryboardPlan p = plan_of(params, 70, 640, 480);
  EXPECT_EQ(p.tiles, 7);
  EXPECT_EQ(p.columns, 3);
  EXPECT_EQ(p.rows, 3);
  EXPECT_EQ(p.tile_width, 100);
  EXPECT_EQ(p.tile_height, 76);  // 75 rounded to even
  ASSERT_EQ(p.times.size(), 7u);
  EXPECT_DOUBLE_EQ(p.times[0], 0);
  EXPECT_DOUBLE_EQ(p.times[6], 60);
  const engine::SpriteRequest sprite = p.sprite_request();
  EXPECT_EQ(sprite.columns, 3);
  EXPECT_EQ(sprite.rows, 3);
  EXPECT_EQ(sprite.cell_width, 100);
  EXPECT_EQ(sprite.cell_height, 76);
  EXPECT_EQ(sprite.sampling.count, 7);
  EXPECT_DOUBLE_EQ(sprite.sampling.interval, 10);

  StoryboardParams few;
  few.tiles = 4;
  EXPECT_EQ(plan_of(few, 10).columns, 4);  // no empty columns
  EXPECT_EQ(plan_of(few, 10, 0, 0).tile_height, 144);  // unknown source: 16:9
}

TEST(StoryboardPlan, RefusesASheetAboveTheImageLimitsNamingTheCause) {
  StoryboardParams wide;
  wide.columns = 100;
  wide.tiles = 100;
  wide.tile_width = 1024;
  auto a = plan_storyboard(wide, 100, 1920, 1080);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().parameter, "columns");
  StoryboardParams tall;
  tall.tiles = 400;
  tall.tile_width = 1024;
  auto b = plan_storyboard(tall, 100, 1080, 1920);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().parameter, "tiles");
  auto c = plan_storyboard({}, std::nan(""), 1920, 1080);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().parameter, "media");
}

TEST(StoryboardMetadata, JsonTilesAgreeWithTheVttAndTheSheetGeometry) {
  const StoryboardPlan p = plan_of({}, 125.5);
  const std::string url = "https://img.example/v/m/storyboard.jpg";
  rapidjson::Document doc;
  const std::string json = render_storyboard_json(p, url);
  ASSERT_FALSE(doc.Parse(json.c_str()).HasParseError()) << json;
  EXPECT_EQ(std::string(doc["url"].GetString()), url);
  EXPECT_EQ(doc["tile_width"].GetInt(), 256);
  EXPECT_EQ(doc["tile_height"].GetInt(), 144);
  EXPECT_DOUBLE_EQ(doc["duration"].GetDouble(), 125.5);
  const auto& tiles = doc["tiles"];
  ASSERT_EQ(tiles.Size(), 50u);

  const auto cues = parse_vtt(render_storyboard_vtt(p, url));
  ASSERT_EQ(cues.size(), 50u);
  for (rapidjson::SizeType i = 0; i < tiles.Size(); ++i) {
    const double start = tiles[i]["start"].GetDouble();
    const int x = tiles[i]["x"].GetInt();
    const int y = tiles[i]["y"].GetInt();
    EXPECT_EQ(std::llround(start * 1000), cues[i].start_ms) << i;
    EXPECT_EQ(x, cues[i].x) << i;
    EXPECT_EQ(y, cues[i].y) << i;
    EXPECT_EQ(cues[i].w, 256);
    EXPECT_EQ(cues[i].h, 144);
    EXPECT_EQ(cues[i].url, url);
    // Row-major in a 10-column grid, inside the sheet.
    EXPECT_EQ(x, static_cast<int>(i % 10) * 256) << i;
    EXPECT_EQ(y, static_cast<int>(i / 10) * 144) << i;
    EXPECT_LE(x + 256, p.layout.page_width);
    EXPECT_LE(y + 144, p.layout.page_height);
    // Cues tile the timeline: each ends where the next starts, the last at the end.
    const long long expected_end = i + 1 < tiles.Size() ? cues[i + 1].start_ms : 125500;
    EXPECT_EQ(cues[i].end_ms, expected_end) << i;
    // Even intervals (to the millisecond).
    EXPECT_NEAR(start, i * p.interval_s, 0.001) << i;
  }
  EXPECT_EQ(cues.front().start_ms, 0);
}

TEST(StoryboardMetadata, M3u8IsAnImageMediaPlaylistLineByLine) {
  StoryboardParams params;
  params.tiles = 12;
  params.columns = 4;
  params.tile_width = 160;
  const StoryboardPlan p = plan_of(params, 30.5);
  const auto lines = lines_of(render_storyboard_m3u8(p, "sheet.jpg?tiles=12&columns=4&width=160"));
  const std::vector<std::string> expected = {
      "#EXTM3U",
      "#EXT-X-TARGETDURATION:31",
      "#EXT-X-VERSION:7",
      "#EXT-X-MEDIA-SEQUENCE:1",
      "#EXT-X-PLAYLIST-TYPE:VOD",
      "#EXT-X-IMAGES-ONLY",
      "#EXTINF:30.500,",
      "#EXT-X-TILES:RESOLUTION=160x90,LAYOUT=4x3,DURATION=2.542",
      "sheet.jpg?tiles=12&columns=4&width=160",
      "#EXT-X-ENDLIST",
  };
  EXPECT_EQ(lines, expected);
}

TEST(StoryboardMetadata, SheetUrlCarriesTheGeometryAndTheToken) {
  PlayerRequest request;
  request.media_id = "clip:1";
  request.kind = Kind::kStoryboard;
  request.format = Format::kJson;
  StoryboardParams params;
  params.tiles = 20;
  params.tile_width = 128;
  params.sheet_format = Format::kWebp;
  request.params = params;
  EXPECT_EQ(storyboard_sheet_url("https://img.example", request, "a.b.c"),
            "https://img.example/v/clip:1/storyboard.webp?tiles=20&width=128&token=a.b.c");
  request.params = StoryboardParams{};
  EXPECT_EQ(storyboard_sheet_url("", request, ""), "/v/clip:1/storyboard.jpg");
}

}  // namespace
}  // namespace tg::adapters::player
