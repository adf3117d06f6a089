// The player URLs served by the real server: thumbnails and storyboards the engine makes today, decoded
// back and measured; storyboard metadata against the sheet it points at; the HTTP caching headers,
// If-None-Match and HEAD; WebP, AVIF, fit modes, turns, flips and animations decoded back.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <cstdio>
#include <regex>
#include <sstream>

#include "integration/player_fixture.hpp"
#include "signing/digest.hpp"
#include "support/clips.hpp"
#include "support/image_readers.hpp"

namespace tg::testing {
namespace {

class PlayerServing : public PlayerFixture {};

TEST_F(PlayerServing, ThumbnailsDecodeAtTheSizeAsked) {
  start_player();
  struct Case {
    std::string url;
    std::string type;
    std::string codec;
    int width;
    int height;
  };
  const std::vector<Case> cases = {
      {"/v/clip.mp4/thumbnail.jpg", "image/jpeg", "mjpeg", 320, 240},
      {"/v/clip.mp4/thumbnail.jpg?time=1.5&width=160", "image/jpeg", "mjpeg", 160, 120},
      {"/v/clip.mp4/thumbnail.jpg?height=60&mode=keyframe&time=2", "image/jpeg", "mjpeg", 80, 60},
      {"/v/clip.mp4/thumbnail.png?width=100&height=50&fit_mode=stretch", "image/png", "png", 100, 50},
      {"/v/clip.mp4/thumbnail.jpg?width=200&height=200&fit_mode=pad&quality=40", "image/jpeg", "mjpeg", 200, 200},
      {"/v/1397757897438985100/thumbnail.png?time=6", "image/png", "png", 320, 240},  // a media table id, at the end
  };
  for (const Case& c : cases) {
    auto res = get(c.url);
    ASSERT_EQ(res.status, 200) << c.url << " " << res.body;
    EXPECT_EQ(res.header("content-type"), c.type) << c.url;
    auto image = image_of(res);
    ASSERT_TRUE(image) << c.url;
    EXPECT_EQ(image->codec, c.codec) << c.url;
    EXPECT_EQ(image->width, c.width) << c.url;
    EXPECT_EQ(image->height, c.height) << c.url;
  }
}

TEST_F(PlayerServing, ThumbnailAutoPicksTheBestAcceptedFormatAndVariesOnAccept) {
  start_player();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Accept: image/avif,image/webp,*/*", "image/avif"},
      {"Accept: image/webp,*/*", "image/webp"},
      {"Accept: */*", "image/jpeg"},
  };
  for (const auto& [accept, type] : cases) {
    auto res = get("/v/clip.mp4/thumbnail.auto?width=64", {accept});
    ASSERT_EQ(res.status, 200) << accept << " " << res.body;
    EXPECT_EQ(res.header("content-type"), type) << accept;
    EXPECT_EQ(res.header("vary"), "Accept") << accept;
    auto picture = engine::testing::decode_rgb(std::vector<uint8_t>(res.body.begin(), res.body.end()));
    EXPECT_EQ(picture.width, 64) << accept;
    EXPECT_EQ(picture.height, 48) << accept;
  }
  EXPECT_EQ(get("/v/clip.mp4/thumbnail.jpg?width=64").header("vary"), "");
}

TEST_F(PlayerServing, EveryStillFormatFitAndSheetDecodesAtItsSize) {
  start_player();
  struct Case {
    std::string url;
    std::string type;
    int width;
    int height;
  };
  // The clip is 320x240 (4:3).
  const std::vector<Case> cases = {
      {"/v/clip.mp4/thumbnail.webp?width=160", "image/webp", 160, 120},
      {"/v/clip.mp4/thumbnail.avif?width=160&quality=50", "image/avif", 160, 120},
      {"/v/clip.mp4/thumbnail.jpg?width=100&height=100", "image/jpeg", 100, 75},  // preserve: inside the box
      {"/v/clip.mp4/thumbnail.webp?width=100&height=100&fit_mode=crop", "image/webp", 100, 100},
      {"/v/clip.mp4/thumbnail.png?width=100&height=100&fit_mode=pad", "image/png", 100, 100},
      // width and height are the answer's, after the turn: 4:3 turned is 3:4.
      {"/v/clip.mp4/thumbnail.jpg?width=160&rotate=90", "image/jpeg", 160, 213},
      {"/v/clip.mp4/thumbnail.avif?height=160&rotate=270&flip_v=true", "image/avif", 120, 160},
      {"/v/clip.mp4/storyboard.webp?tiles=4&columns=2&width=64", "image/webp", 128, 96},
      {"/v/clip.mp4/storyboard.avif?tiles=4&columns=2&width=64", "image/avif", 128, 96},
  };
  for (const Case& c : cases) {
    auto res = get(c.url);
    ASSERT_EQ(res.status, 200) << c.url << " " << res.body;
    EXPECT_EQ(res.header("content-type"), c.type) << c.url;
    auto picture = engine::testing::decode_rgb(std::vector<uint8_t>(res.body.begin(), res.body.end()));
    EXPECT_EQ(picture.width, c.width) << c.url;
    EXPECT_EQ(picture.height, c.height) << c.url;
  }
}

TEST_F(PlayerServing, TurnsAndFlipsMoveTheRedQuadrant) {
  std::filesystem::copy_file(clip_path(ClipKind::kRedQuadrant), dir_ + "/media/quadrant.mp4");
  start_player();
  // Which quarter of the answer is red: the source has it top-left.
  auto red_corner = [&](const std::string& url) -> std::string {
    auto res = get(url);
    EXPECT_EQ(res.status, 200) << url << " " << res.body;
    auto p = engine::testing::decode_rgb(std::vector<uint8_t>(res.body.begin(), res.body.end()));
    if (p.width == 0) return "undecodable";
    const int w = p.width / 2;
    const int h = p.height / 2;
    const std::pair<std::string, std::pair<int, int>> corners[] = {
        {"top-left", {0, 0}}, {"top-right", {w, 0}}, {"bottom-left", {0, h}}, {"bottom-right", {w, h}}};
    for (const auto& [name, at] : corners) {
      auto mean = p.mean(at.first + w / 4, at.second + h / 4, w / 2, h / 2);
      if (mean[0] > 150 && mean[2] < 100) return name;
    }
    return "none";
  };
  EXPECT_EQ(red_corner("/v/quadrant.mp4/thumbnail.png?time=1"), "top-left");
  EXPECT_EQ(red_corner("/v/quadrant.mp4/thumbnail.png?time=1&rotate=90"), "top-right");
  EXPECT_EQ(red_corner("/v/quadrant.mp4/thumbnail.png?time=1&rotate=180"), "bottom-right");
  EXPECT_EQ(red_corner("/v/quadrant.mp4/thumbnail.webp?time=1&flip_h=true"), "top-right");
  EXPECT_EQ(red_corner("/v/quadrant.mp4/thumbnail.jpg?time=1&flip_v=1"), "bottom-left");
}

TEST_F(PlayerServing, AnimatedPreviewsLoopAtTheSizeAndRateAsked) {
  start_player();
  auto gif = get("/v/clip.mp4/animated.gif?start=1&end=3&width=160&fps=10");
  ASSERT_EQ(gif.status, 200) << gif.body;
  EXPECT_EQ(gif.header("content-type"), "image/gif");
  auto facts = engine::testing::read_gif(std::vector<uint8_t>(gif.body.begin(), gif.body.end()));
  ASSERT_TRUE(facts.valid);
  EXPECT_EQ(facts.width, 160);
  EXPECT_EQ(facts.height, 120);
  EXPECT_GE(facts.frames, 15);  // 2 s at 10 fps (a frame shown for two slots may be stored once)
  EXPECT_LE(facts.frames, 20);
  EXPECT_EQ(facts.loop, 0);  // forever
  EXPECT_GT(facts.distinct_colours(), 16u);

  auto webp = get("/v/clip.mp4/animated.webp?start=0.5&height=90");
  ASSERT_EQ(webp.status, 200) << webp.body;
  EXPECT_EQ(webp.header("content-type"), "image/webp");
  auto anim = engine::testing::read_webp_animation(std::vector<uint8_t>(webp.body.begin(), webp.body.end()));
  ASSERT_TRUE(anim.valid);
  EXPECT_EQ(anim.width, 120);
  EXPECT_EQ(anim.height, 90);
  EXPECT_EQ(anim.loop, 0);
  EXPECT_GT(anim.frames, 1);
  EXPECT_NEAR(anim.last_timestamp_ms, 5000, 200);  // the default span, 5 s

  // An animation is cached like a thumbnail: the same answer and ETag again.
  auto again = get("/v/clip.mp4/animated.gif?start=1&end=3&width=160&fps=10");
  EXPECT_EQ(again.body, gif.body);
  EXPECT_EQ(again.header("etag"), gif.header("etag"));
  // Past the end of the 6-second clip.
  auto late = get("/v/clip.mp4/animated.gif?start=7");
  EXPECT_EQ(late.status, 400) << late.body;
  EXPECT_EQ(parameter_of(late), "start");
}

struct Tile {
  double start = 0;
  int x = 0;
  int y = 0;
};

std::vector<Tile> tiles_of(const rapidjson::Document& doc) {
  std::vector<Tile> out;
  for (const auto& t : doc["tiles"].GetArray()) out.push_back({t["start"].GetDouble(), t["x"].GetInt(), t["y"].GetInt()});
  return out;
}

TEST_F(PlayerServing, StoryboardJsonVttAndSheetAgree) {
  start_player();
  const std::string query = "?tiles=12&columns=4&width=160";
  auto json = get("/v/clip.mp4/storyboard.json" + query);
  ASSERT_EQ(json.status, 200) << json.body;
  EXPECT_EQ(json.header("content-type"), "application/json");
  rapidjson::Document doc;
  doc.Parse(json.body.c_str());
  ASSERT_TRUE(doc.IsObject()) << json.body;
  const std::string sheet_url = doc["url"].GetString();
  EXPECT_EQ(sheet_url, base() + "/v/clip.mp4/storyboard.jpg" + query);
  const int tile_w = doc["tile_width"].GetInt();
  const int tile_h = doc["tile_height"].GetInt();
  EXPECT_EQ(tile_w, 160);
  EXPECT_EQ(tile_h, 120);  // 4:3 source
  EXPECT_NEAR(doc["duration"].GetDouble(), 6.0, 0.05);
  const auto tiles = tiles_of(doc);
  ASSERT_EQ(tiles.size(), 12u);

  // The sheet the metadata points at, fetched by its own URL and decoded.
  auto sheet = http_get(sheet_url);
  ASSERT_EQ(sheet.status, 200) << sheet.body;
  EXPECT_EQ(sheet.header("content-type"), "image/jpeg");
  auto image = image_of(sheet);
  ASSERT_TRUE(image);
  EXPECT_EQ(image->width, 4 * tile_w);
  EXPECT_EQ(image->height, 3 * tile_h);
  for (std::size_t i = 0; i < tiles.size(); ++i) {
    EXPECT_EQ(tiles[i].x, static_cast<int>(i % 4) * tile_w) << i;
    EXPECT_EQ(tiles[i].y, static_cast<int>(i / 4) * tile_h) << i;
    EXPECT_LE(tiles[i].x + tile_w, image->width);
    EXPECT_LE(tiles[i].y + tile_h, image->height);
    if (i > 0) {
      EXPECT_GT(tiles[i].start, tiles[i - 1].start);
    }
  }

  // The VTT: one cue per tile, at the JSON's tile, pointing at the same sheet.
  auto vtt = get("/v/clip.mp4/storyboard.vtt" + query);
  ASSERT_EQ(vtt.status, 200) << vtt.body;
  EXPECT_EQ(vtt.header("content-type"), "text/vtt");
  ASSERT_EQ(vtt.body.rfind("WEBVTT", 0), 0u) << vtt.body;
  std::regex cue(R"((\S+)#xywh=(\d+),(\d+),(\d+),(\d+))");
  std::vector<std::smatch> cues;
  for (auto it = std::sregex_iterator(vtt.body.begin(), vtt.body.end(), cue); it != std::sregex_iterator(); ++it) {
    cues.push_back(*it);
  }
  ASSERT_EQ(cues.size(), tiles.size()) << vtt.body;
  for (std::size_t i = 0; i < cues.size(); ++i) {
    EXPECT_EQ(cues[i][1].str(), sheet_url) << i;
    EXPECT_EQ(std::stoi(cues[i][2].str()), tiles[i].x) << i;
    EXPECT_EQ(std::stoi(cues[i][3].str()), tiles[i].y) << i;
    EXPECT_EQ(std::stoi(cues[i][4].str()), tile_w) << i;
    EXPECT_EQ(std::stoi(cues[i][5].str()), tile_h) << i;
  }

  // The PNG sheet, by the defaults: 50 tiles of 256 wide in 10 columns.
  auto png = get("/v/clip.mp4/storyboard.png");
  ASSERT_EQ(png.status, 200) << png.body;
  EXPECT_EQ(png.header("content-type"), "image/png");
  auto png_image = image_of(png);
  ASSERT_TRUE(png_image);
  EXPECT_EQ(png_image->codec, "png");
  EXPECT_EQ(png_image->width, 2560);
  EXPECT_EQ(png_image->height, 5 * 192);
}

TEST_F(PlayerServing, MediaInFoldersOfTheMediaRootAreServedByTheirPath) {
  std::filesystem::create_directories(dir_ + "/media/trailers/2026");
  std::filesystem::copy_file(dir_ + "/media/clip.mp4", dir_ + "/media/trailers/2026/launch.mp4");
  start_player();
  auto thumb = get("/v/trailers/2026/launch.mp4/thumbnail.jpg?width=64");
  ASSERT_EQ(thumb.status, 200) << thumb.body;
  auto image = image_of(thumb);
  ASSERT_TRUE(image);
  EXPECT_EQ(image->width, 64);
  // The same object with its segments percent-encoded is the same media.
  EXPECT_EQ(get("/v/trailers/%32026/launch%2Emp4/thumbnail.jpg?width=64").body, thumb.body);

  // The storyboard's metadata names the sheet by the same path, and the sheet loads.
  auto json = get("/v/trailers/2026/launch.mp4/storyboard.json?tiles=4&columns=2&width=64");
  ASSERT_EQ(json.status, 200) << json.body;
  rapidjson::Document doc;
  doc.Parse(json.body.c_str());
  ASSERT_TRUE(doc.IsObject()) << json.body;
  const std::string sheet_url = doc["url"].GetString();
  EXPECT_EQ(sheet_url, base() + "/v/trailers/2026/launch.mp4/storyboard.jpg?tiles=4&columns=2&width=64");
  auto sheet = http_get(sheet_url);
  ASSERT_EQ(sheet.status, 200) << sheet.body;
  image = image_of(sheet);
  ASSERT_TRUE(image);
  EXPECT_EQ(image->width, 128);

  // A folder or a missing object is no media.
  for (const char* path : {"/v/trailers/2026/thumbnail.jpg", "/v/trailers/2026/missing.mp4/thumbnail.jpg",
                           "/v/trailers/thumbnail.jpg", "/v/clip.mp4/launch.mp4/thumbnail.jpg"}) {
    auto res = get(path);
    EXPECT_EQ(res.status, 404) << path << " " << res.body;
    EXPECT_EQ(parameter_of(res), "media") << path;
    EXPECT_EQ(res.body.find(dir_), std::string::npos) << path << " " << res.body;
  }
}

TEST_F(PlayerServing, StoryboardM3u8DescribesTheSheet) {
  start_player();
  auto res = get("/v/clip.mp4/storyboard.m3u8?tiles=6&columns=3&width=80");
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.header("content-type"), "application/vnd.apple.mpegurl");
  std::istringstream lines(res.body);
  std::string line;
  std::vector<std::string> all;
  while (std::getline(lines, line)) all.push_back(line);
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.front(), "#EXTM3U");
  EXPECT_EQ(all.back(), "#EXT-X-ENDLIST");
  std::smatch m;
  std::string tiles_line;
  std::string uri;
  for (const auto& l : all) {
    if (l.rfind("#EXT-X-TILES:", 0) == 0) tiles_line = l;
    if (!l.empty() && l[0] != '#') uri = l;
  }
  EXPECT_NE(std::find(all.begin(), all.end(), "#EXT-X-IMAGES-ONLY"), all.end()) << res.body;
  ASSERT_TRUE(std::regex_search(tiles_line, m, std::regex(R"(RESOLUTION=(\d+)x(\d+),LAYOUT=(\d+)x(\d+))"))) << res.body;
  const int w = std::stoi(m[1].str()), h = std::stoi(m[2].str()), cols = std::stoi(m[3].str()),
            rows = std::stoi(m[4].str());
  EXPECT_EQ(w, 80);
  EXPECT_EQ(h, 60);
  EXPECT_EQ(cols, 3);
  EXPECT_EQ(rows, 2);
  auto sheet = http_get(uri);
  ASSERT_EQ(sheet.status, 200) << uri << " " << sheet.body;
  auto image = image_of(sheet);
  ASSERT_TRUE(image);
  EXPECT_EQ(image->width, w * cols);
  EXPECT_EQ(image->height, h * rows);

  // ffprobe reads it as an HLS playlist whose one segment is the JPEG sheet (its HLS demuxer takes only
  // media segment extensions unless told otherwise).
  const std::string command = "ffprobe -v error -allowed_segment_extensions ALL -extension_picky 0 "
                              "-show_entries stream=codec_name -of csv=p=0 '" +
                              base() + "/v/clip.mp4/storyboard.m3u8?tiles=6&columns=3&width=80' 2>&1";
  std::string probed;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buf[256];
    while (std::fgets(buf, sizeof buf, pipe)) probed += buf;
    EXPECT_EQ(::pclose(pipe), 0) << probed;
  }
  EXPECT_EQ(probed.rfind("mjpeg", 0), 0u) << probed;
}

TEST_F(PlayerServing, AnswersCarryCachingHeadersAndConditionalGetGives304) {
  start_player();
  const std::string url = "/v/clip.mp4/thumbnail.jpg?time=1&width=120";
  auto first = get(url);
  ASSERT_EQ(first.status, 200) << first.body;
  const std::string etag = first.header("etag");
  EXPECT_EQ(etag, "\"" + signing::sha256_hex(first.body).substr(0, 32) + "\"");
  EXPECT_EQ(first.header("cache-control"), std::string("public, max-age=") + kPlayerMaxAge);
  EXPECT_EQ(first.header("last-modified"), http_mtime(dir_ + "/media/clip.mp4"));

  auto again = get(url);  // from the result cache: the same bytes, the same validator
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.header("etag"), etag);
  EXPECT_EQ(again.body, first.body);

  auto not_modified = get(url, {"If-None-Match: " + etag});
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_TRUE(not_modified.body.empty());
  EXPECT_EQ(not_modified.header("etag"), etag);
  EXPECT_EQ(not_modified.header("cache-control"), first.header("cache-control"));
  EXPECT_EQ(get(url, {"If-None-Match: \"other\", W/" + etag}).status, 304);
  EXPECT_EQ(get(url, {"If-None-Match: *"}).status, 304);
  EXPECT_EQ(get(url, {"If-None-Match: \"0123\""}).status, 200);
  // Another picture of the same media has another validator.
  auto other = get("/v/clip.mp4/thumbnail.jpg?time=2&width=120", {"If-None-Match: " + etag});
  EXPECT_EQ(other.status, 200);
  EXPECT_NE(other.header("etag"), etag);

  auto head = http_request("HEAD", base() + url, "");
  EXPECT_EQ(head.status, 200) << head.error;
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.header("etag"), etag);
  EXPECT_EQ(head.header("content-type"), "image/jpeg");
  EXPECT_EQ(head.header("content-length"), std::to_string(first.body.size()));
  EXPECT_EQ(http_request("HEAD", base() + url, "", {"If-None-Match: " + etag}).status, 304);

  for (const char* meta : {"/v/clip.mp4/storyboard.json", "/v/clip.mp4/storyboard.vtt", "/v/clip.mp4/storyboard.m3u8"}) {
    auto res = get(meta);
    ASSERT_EQ(res.status, 200) << meta;
    EXPECT_EQ(res.header("etag"), "\"" + signing::sha256_hex(res.body).substr(0, 32) + "\"") << meta;
    EXPECT_EQ(get(meta, {"If-None-Match: " + res.header("etag")}).status, 304) << meta;
  }
  // Errors are not cached.
  EXPECT_EQ(get("/v/clip.mp4/thumbnail.jpg?width=0").header("cache-control"), "no-store");
}

TEST_F(PlayerServing, BadParametersAre400NamingTheParameter) {
  start_player();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/v/clip.mp4/thumbnail.jpg?time=7", "time"},  // past the 6-second clip's end
      {"/v/clip.mp4/thumbnail.jpg?time=-1", "time"},
      {"/v/clip.mp4/thumbnail.jpg?width=0", "width"},
      {"/v/clip.mp4/thumbnail.jpg?width=100000", "width"},
      {"/v/clip.mp4/thumbnail.png?height=abc", "height"},
      {"/v/clip.mp4/thumbnail.jpg?fit_mode=zoom", "fit_mode"},
      {"/v/clip.mp4/thumbnail.jpg?cachebust=1", "cachebust"},
      {"/v/clip.mp4/thumbnail.bmp", "extension"},
      {"/v/clip.mp4/animated.gif?start=3&end=2", "end"},
      {"/v/clip.mp4/storyboard.json?format=bmp", "format"},
      {"/v/clip.mp4/storyboard.jpg?tiles=0", "tiles"},
      {"/v/clip.mp4/storyboard.jpg?width=4096&columns=100", "width"},
      {"/v/clip.mp4/storyboard.jpg?tiles=400&columns=100&width=1024", "columns"},  // a sheet over the limits
  };
  for (const auto& [url, parameter] : cases) {
    auto res = get(url);
    EXPECT_EQ(res.status, 400) << url << " " << res.body;
    EXPECT_EQ(error_type_of(res), "invalid_parameter") << url << " " << res.body;
    EXPECT_EQ(parameter_of(res), parameter) << url << " " << res.body;
    EXPECT_EQ(res.body.find(dir_), std::string::npos) << url << " " << res.body;
  }
  auto unknown = get("/v/no-such-media.mp4/thumbnail.jpg");
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  EXPECT_EQ(parameter_of(unknown), "media");
  auto nothing_here = get("/v/clip.mp4/poster.jpg");
  EXPECT_EQ(nothing_here.status, 404) << nothing_here.body;
  auto post = http_post(base() + "/v/clip.mp4/thumbnail.jpg", "x", "text/plain");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.header("allow"), "GET, HEAD");
}

TEST_F(PlayerServing, WithoutAPlayerSectionNothingIsServed) {
  start();
  auto res = get("/v/clip.mp4/thumbnail.jpg");
  EXPECT_EQ(res.status, 404) << res.body;
  EXPECT_EQ(res.header("content-type"), "application/json");
  EXPECT_EQ(res.body.find("image"), std::string::npos);
}

}  // namespace
}  // namespace tg::testing
