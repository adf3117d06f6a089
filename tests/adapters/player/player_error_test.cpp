#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "adapters/player/auto_format.hpp"
#include "adapters/player/player_error.hpp"

namespace tg::adapters::player {
namespace {

TEST(PlayerError, RendersOneJsonShapeForEveryError) {
  for (const PlayerError& e : {invalid_parameter("width", "width must be an integer from 1 to 8192"),
                               not_found("path", "no such resource"), invalid_token("token", "the token expired")}) {
    const std::string json = render_error_json(e);
    rapidjson::Document doc;
    ASSERT_FALSE(doc.Parse(json.c_str()).HasParseError()) << json;
    ASSERT_TRUE(doc.IsObject());
    EXPECT_EQ(doc.MemberCount(), 1u);
    const auto& error = doc["error"];
    EXPECT_EQ(error.MemberCount(), 3u);
    EXPECT_EQ(std::string(error["type"].GetString()), e.type);
    EXPECT_EQ(std::string(error["parameter"].GetString()), e.parameter);
    EXPECT_EQ(std::string(error["message"].GetString()), e.message);
  }
  EXPECT_EQ(invalid_parameter("a", "b").http_status, 400);
  EXPECT_EQ(not_found("a", "b").http_status, 404);
  EXPECT_EQ(invalid_token("a", "b").http_status, 403);
  EXPECT_EQ(render_error_json(invalid_parameter("width", "must be 1..8192")),
            R"({"error":{"type":"invalid_parameter","parameter":"width","message":"must be 1..8192"}})");
}

TEST(PlayerError, ClientTextStaysValidBoundedJson) {
  std::string name("bad\xff\xfe\"\n\x01", 8);
  name.append(1000, 'n');
  std::string message("unknown parameter ");
  message.append(name);
  const std::string json = render_error_json(invalid_parameter(name, message));
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse<rapidjson::kParseValidateEncodingFlag>(json.c_str()).HasParseError()) << json;
  EXPECT_LE(doc["error"]["parameter"].GetStringLength(), 128u);
  EXPECT_LE(doc["error"]["message"].GetStringLength(), 1024u);
}

TEST(AutoFormat, PrefersAvifThenWebpThenJpeg) {
  EXPECT_EQ(pick_auto_format("image/avif,image/webp,image/apng,image/*,*/*;q=0.8"), Format::kAvif);
  EXPECT_EQ(pick_auto_format("image/webp,*/*"), Format::kWebp);
  EXPECT_EQ(pick_auto_format("IMAGE/WEBP"), Format::kWebp);
  EXPECT_EQ(pick_auto_format("image/avif;q=0, image/webp;q=0.5"), Format::kWebp);
  EXPECT_EQ(pick_auto_format("image/avif;q=0.000,image/webp;q=0."), Format::kJpeg);
  EXPECT_EQ(pick_auto_format("image/*,*/*"), Format::kJpeg);
  EXPECT_EQ(pick_auto_format(""), Format::kJpeg);
  EXPECT_EQ(pick_auto_format("text/html, image/avif ; q=0.9"), Format::kAvif);
  EXPECT_EQ(pick_auto_format("image/avifx,image/webpx"), Format::kJpeg);
}

}  // namespace
}  // namespace tg::adapters::player
