#include <gtest/gtest.h>

#include <string>

#include "adapters/player/jwt_maker.hpp"
#include "adapters/player/player_request_reader.hpp"
#include "adapters/player/storyboard_metadata.hpp"

namespace tg::adapters::player {
namespace {

namespace jwt = tg::testing::jwt;

constexpr int64_t kNow = 1700000000;
const std::string kSecret = "reader-secret-0123456789abcdef0123456789";

PlayerSettings settings() {
  PlayerSettings s;
  s.policy = PlaybackPolicy::kPublic;
  s.media_policies["private"] = PlaybackPolicy::kSigned;
  JwtKey key;
  key.kid = "k1";
  key.secret = kSecret;
  s.keys.push_back(key);
  return s;
}

std::string token(const std::string& sub, const std::string& aud, const std::string& extra = "") {
  return jwt::hs256_token(R"({"alg":"HS256","kid":"k1"})",
                          R"({"sub":")" + sub + R"(","aud":")" + aud + R"(","exp":1700000600)" + extra + "}", kSecret);
}

tg::Result<PlayerRequest, PlayerError> read(const std::string& target, std::optional<double> duration = std::nullopt) {
  return read_player_request(PlayerTarget{target, kNow, duration}, settings());
}

TEST(PlayerRequestReader, ServesPublicMediaWithoutAToken) {
  auto r = read("/v/demo.mp4/thumbnail.webp?time=2.5&width=320");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->media_id, "demo.mp4");
  EXPECT_EQ(r->format, Format::kWebp);
  EXPECT_EQ(r->thumbnail()->time_ms, 2500);
  EXPECT_EQ(r->thumbnail()->width, 320);
}

TEST(PlayerRequestReader, SignedMediaNeedsAValidTokenBeforeAnyParameterIsRead) {
  auto missing = read("/v/private/thumbnail.jpg?time=1");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().http_status, 403);
  EXPECT_EQ(missing.error().parameter, "token");
  // A bad parameter and no token: the token is what is reported.
  auto bad_param = read("/v/private/thumbnail.jpg?width=0");
  ASSERT_FALSE(bad_param.ok());
  EXPECT_EQ(bad_param.error().http_status, 403);
  // A bad parameter and a bad token: still the token.
  auto both = read("/v/private/thumbnail.jpg?width=0&token=" + token("private", "s"));
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.error().http_status, 403);
  EXPECT_EQ(both.error().parameter, "token");
  // A valid token: now the parameter is checked.
  auto after = read("/v/private/thumbnail.jpg?width=0&token=" + token("private", "t"));
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().http_status, 400);
  EXPECT_EQ(after.error().parameter, "width");
  auto ok = read("/v/private/storyboard.m3u8?token=" + token("private", "s"));
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  // The token of one media does not open another.
  auto other = read("/v/private/thumbnail.jpg?token=" + token("demo.mp4", "t"));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().http_status, 403);
}

TEST(PlayerRequestReader, ChecksAGivenTokenOnPublicMediaToo) {
  auto r = read("/v/demo.mp4/thumbnail.jpg?token=garbage");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().http_status, 403);
  auto twice = read("/v/private/thumbnail.jpg?token=" + token("private", "t") + "&token=" + token("private", "t"));
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().http_status, 403);
}

TEST(PlayerRequestReader, ClaimParametersJoinTheQueryAndMayNotBeContradicted) {
  const std::string signed_time = token("private", "t", R"(,"time":12.5,"width":320)");
  auto claimed = read("/v/private/thumbnail.jpg?token=" + signed_time);
  ASSERT_TRUE(claimed.ok()) << claimed.error().message;
  EXPECT_EQ(claimed->thumbnail()->time_ms, 12500);
  EXPECT_EQ(claimed->thumbnail()->width, 320);
  auto repeated = read("/v/private/thumbnail.jpg?time=12.5&height=90&token=" + signed_time);
  ASSERT_TRUE(repeated.ok()) << repeated.error().message;
  EXPECT_EQ(repeated->thumbnail()->height, 90);  // not in the claims: the query's
  auto contradicted = read("/v/private/thumbnail.jpg?time=13&token=" + signed_time);
  ASSERT_FALSE(contradicted.ok());
  EXPECT_EQ(contradicted.error().http_status, 403);
  EXPECT_EQ(contradicted.error().parameter, "time");
  auto respelled = read("/v/private/thumbnail.jpg?time=12.50&token=" + signed_time);
  ASSERT_FALSE(respelled.ok());
  EXPECT_EQ(respelled.error().parameter, "time");
  auto bad_claim = read("/v/private/thumbnail.jpg?token=" + token("private", "t", R"(,"width":0)"));
  ASSERT_FALSE(bad_claim.ok());
  EXPECT_EQ(bad_claim.error().http_status, 400);
  EXPECT_EQ(bad_claim.error().parameter, "width");
}

TEST(PlayerRequestReader, TheSheetUrlOfSignedMetadataOpensTheSheet) {
  const std::string t = token("private", "s", R"(,"tiles":20,"format":"webp")");
  auto metadata = read("/v/private/storyboard.json?width=128&token=" + t);
  ASSERT_TRUE(metadata.ok()) << metadata.error().message;
  const std::string url = storyboard_sheet_url("", *metadata, t);
  EXPECT_EQ(url, "/v/private/storyboard.webp?tiles=20&width=128&token=" + t);
  auto sheet = read(url);
  ASSERT_TRUE(sheet.ok()) << sheet.error().message;
  EXPECT_EQ(sheet->format, Format::kWebp);
  EXPECT_EQ(sheet->storyboard()->tiles, 20);
  EXPECT_EQ(sheet->storyboard()->tile_width, 128);
  // The same token does not open the sheet in another format.
  auto other = read("/v/private/storyboard.jpg?tiles=20&width=128&token=" + t);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().parameter, "format");
}

TEST(PlayerRequestReader, PathAndQueryShapeComeFirst) {
  auto path = read("/v/../thumbnail.jpg?token=x");
  ASSERT_FALSE(path.ok());
  EXPECT_EQ(path.error().parameter, "media");
  auto escape = read("/v/demo.mp4/thumbnail.jpg?time=%zz");
  ASSERT_FALSE(escape.ok());
  EXPECT_EQ(escape.error().parameter, "query");
  std::string many = "/v/demo.mp4/thumbnail.jpg?";
  for (int i = 0; i < 300; ++i) many += "a" + std::to_string(i) + "=1&";
  auto too_many = read(many);
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.error().parameter, "query");
}

TEST(PlayerRequestReader, AppliesTheDurationWhenGiven) {
  auto middle = read("/v/demo.mp4/thumbnail.jpg", 20.0);
  ASSERT_TRUE(middle.ok());
  EXPECT_EQ(middle->thumbnail()->time_ms, 10000);
  auto past = read("/v/demo.mp4/thumbnail.jpg?time=25", 20.0);
  ASSERT_FALSE(past.ok());
  EXPECT_EQ(past.error().parameter, "time");
  EXPECT_TRUE(read("/v/demo.mp4/thumbnail.jpg?time=25").ok());  // not known yet: checked after probing
}

}  // namespace
}  // namespace tg::adapters::player
