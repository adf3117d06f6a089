#include <gtest/gtest.h>

#include "adapters/player/player_path.hpp"

namespace tg::adapters::player {
namespace {

TEST(PlayerPath, ParsesEachKindAndExtension) {
  struct Case {
    const char* path;
    Kind kind;
    Format format;
  } cases[] = {
      {"/v/demo.mp4/thumbnail.jpg", Kind::kThumbnail, Format::kJpeg},
      {"/v/demo.mp4/thumbnail.png", Kind::kThumbnail, Format::kPng},
      {"/v/demo.mp4/thumbnail.webp", Kind::kThumbnail, Format::kWebp},
      {"/v/demo.mp4/thumbnail.avif", Kind::kThumbnail, Format::kAvif},
      {"/v/demo.mp4/thumbnail.auto", Kind::kThumbnail, Format::kAuto},
      {"/v/demo.mp4/animated.gif", Kind::kAnimated, Format::kGif},
      {"/v/demo.mp4/animated.webp", Kind::kAnimated, Format::kWebp},
      {"/v/demo.mp4/storyboard.jpg", Kind::kStoryboard, Format::kJpeg},
      {"/v/demo.mp4/storyboard.png", Kind::kStoryboard, Format::kPng},
      {"/v/demo.mp4/storyboard.webp", Kind::kStoryboard, Format::kWebp},
      {"/v/demo.mp4/storyboard.avif", Kind::kStoryboard, Format::kAvif},
      {"/v/demo.mp4/storyboard.vtt", Kind::kStoryboard, Format::kVtt},
      {"/v/demo.mp4/storyboard.json", Kind::kStoryboard, Format::kJson},
      {"/v/demo.mp4/storyboard.m3u8", Kind::kStoryboard, Format::kM3u8},
  };
  for (const Case& c : cases) {
    auto parsed = parse_player_path(c.path);
    ASSERT_TRUE(parsed.ok()) << c.path << ": " << parsed.error().message;
    EXPECT_EQ(parsed->media_id, "demo.mp4");
    EXPECT_EQ(parsed->kind, c.kind) << c.path;
    EXPECT_EQ(parsed->format, c.format) << c.path;
  }
}

TEST(PlayerPath, DecodesTheMediaIdOnce) {
  auto parsed = parse_player_path("/v/clip%3A1/thumbnail.jpg");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->media_id, "clip:1");
}

TEST(PlayerPath, ReadsAMediaPathOfSeveralSegments) {
  auto nested = parse_player_path("/v/trailers/2026/launch.mp4/storyboard.json");
  ASSERT_TRUE(nested.ok()) << nested.error().message;
  EXPECT_EQ(nested->media_id, "trailers/2026/launch.mp4");
  EXPECT_EQ(nested->kind, Kind::kStoryboard);
  EXPECT_EQ(nested->format, Format::kJson);

  auto decoded = parse_player_path("/v/a%3Ab/c%2Cd.mp4/thumbnail.webp");
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->media_id, "a:b/c,d.mp4");

  // Length: each segment up to 200 bytes, the whole id up to 1024.
  std::string longest;
  for (int i = 0; i < 5; ++i) longest += std::string(200, 'a' + i) + "/";
  longest += std::string(1024 - longest.size(), 'z');
  ASSERT_EQ(longest.size(), 1024u);
  EXPECT_TRUE(parse_player_path("/v/" + longest + "/thumbnail.jpg").ok());
  auto too_long = parse_player_path("/v/" + longest + "z/thumbnail.jpg");
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().parameter, "media");
}

TEST(PlayerPath, RefusesMediaIdPathTricks) {
  for (const char* path : {"/v/../thumbnail.jpg", "/v/%2e%2e/thumbnail.jpg", "/v/%2E%2E/thumbnail.jpg",
                           "/v/./thumbnail.jpg", "/v/.hidden/thumbnail.jpg", "/v/a%2Fb/thumbnail.jpg",
                           "/v/a%2fb/thumbnail.jpg", "/v/a%5Cb/thumbnail.jpg", "/v/a%00b/thumbnail.jpg",
                           "/v/%252e%252e/thumbnail.jpg", "/v/a%zz/thumbnail.jpg", "/v/a%2/thumbnail.jpg",
                           "/v//thumbnail.jpg", "/v/a%20b/thumbnail.jpg", "/v/a%0Ab/thumbnail.jpg",
                           "/v/%C3%A9/thumbnail.jpg", "/v/a/../thumbnail.jpg", "/v/a/%2e%2e/thumbnail.jpg",
                           "/v/a/./b/thumbnail.jpg", "/v/a/.git/thumbnail.jpg", "/v/a//b/thumbnail.jpg",
                           "/v//a/thumbnail.jpg", "/v/a/b%2F..%2F..%2Fetc/thumbnail.jpg", "/v/a%5C..%5Cb/c/thumbnail.jpg",
                           "/v/../../etc/passwd/thumbnail.jpg", "/v/a/%00/thumbnail.jpg"}) {
    auto parsed = parse_player_path(path);
    ASSERT_FALSE(parsed.ok()) << path;
    EXPECT_EQ(parsed.error().http_status, 400) << path;
    EXPECT_EQ(parsed.error().parameter, "media") << path;
  }
  const std::string long_id(201, 'a');
  auto too_long = parse_player_path("/v/" + long_id + "/thumbnail.jpg");
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().parameter, "media");
  EXPECT_TRUE(parse_player_path("/v/" + std::string(200, 'a') + "/thumbnail.jpg").ok());
}

TEST(PlayerPath, RefusesPathsWithoutAResource) {
  for (const char* path : {"/v/a", "/v/a/", "/v/a/thumbnail.jpg/", "/x/a/thumbnail.jpg",
                           "/v/a/poster.jpg", "/v/a/%2e%2e%2fthumbnail.jpg", "/v/a/thumbnail%2Fx.jpg"}) {
    auto parsed = parse_player_path(path);
    ASSERT_FALSE(parsed.ok()) << path;
    EXPECT_EQ(parsed.error().http_status, 404) << path;
    EXPECT_EQ(parsed.error().parameter, "path") << path;
  }
}

TEST(PlayerPath, NamesTheExtensionWhenUnknownForItsKind) {
  for (const char* path : {"/v/a/thumbnail.gif", "/v/a/thumbnail.JPG", "/v/a/thumbnail", "/v/a/thumbnail.jpg.png",
                           "/v/a/animated.jpg", "/v/a/storyboard.gif", "/v/a/storyboard.auto",
                           "/v/a/thumbnail.jpg%00"}) {
    auto parsed = parse_player_path(path);
    ASSERT_FALSE(parsed.ok()) << path;
    EXPECT_EQ(parsed.error().http_status, 400) << path;
    EXPECT_EQ(parsed.error().parameter, "extension") << path;
    EXPECT_EQ(parsed.error().type, "invalid_parameter") << path;
  }
}

TEST(PlayerPath, KnowsItsSpace) {
  EXPECT_TRUE(is_player_path("/v/a/thumbnail.jpg"));
  EXPECT_FALSE(is_player_path("/v"));
  EXPECT_FALSE(is_player_path("/video/a"));
}

}  // namespace
}  // namespace tg::adapters::player
