// Signed player URLs through the real server: a signed media served only with a valid token (HS256 and
// RS256), refused 403 when the token is missing, expired, tampered, for another kind (aud), another media or
// made with another key; answers to signed URLs are Cache-Control: private; signed storyboard metadata keeps
// the token on its sheet URL, which then loads.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>

#include "integration/player_fixture.hpp"

namespace tg::testing {
namespace {

class PlayerSigned : public PlayerFixture {};

TEST_F(PlayerSigned, ValidTokensServeTheSignedMediaPrivately) {
  start_player();
  const std::string hs = hs_token(claims("premium.mp4", "t", 300));
  auto res = get("/v/premium.mp4/thumbnail.jpg?width=64&token=" + hs);
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.header("cache-control"), std::string("private, max-age=") + kPlayerMaxAge);
  auto image = image_of(res);
  ASSERT_TRUE(image);
  EXPECT_EQ(image->width, 64);

  auto rs = get("/v/premium.mp4/thumbnail.png?token=" + rs_token(claims("premium.mp4", "t", 300, R"(,"width":32)")));
  ASSERT_EQ(rs.status, 200) << rs.body;
  image = image_of(rs);
  ASSERT_TRUE(image);
  EXPECT_EQ(image->width, 32);  // the width claim applies as if it were in the query

  // A public media with a token is checked too, and its answer is private.
  auto pub = get("/v/clip.mp4/thumbnail.jpg?width=64&token=" + hs_token(claims("clip.mp4", "t", 300)));
  ASSERT_EQ(pub.status, 200) << pub.body;
  EXPECT_EQ(pub.header("cache-control").rfind("private", 0), 0u);
}

TEST_F(PlayerSigned, BadTokensAre403) {
  start_player();
  std::string good = hs_token(claims("premium.mp4", "t", 300));
  std::string tampered = good;
  const auto dot = tampered.find('.');
  tampered[dot + 3] = tampered[dot + 3] == 'A' ? 'B' : 'A';  // one byte of the claims changed
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"missing", "/v/premium.mp4/thumbnail.jpg"},
      {"expired", "/v/premium.mp4/thumbnail.jpg?token=" + hs_token(claims("premium.mp4", "t", -10))},
      {"tampered", "/v/premium.mp4/thumbnail.jpg?token=" + tampered},
      {"wrong aud", "/v/premium.mp4/thumbnail.jpg?token=" + hs_token(claims("premium.mp4", "s", 300))},
      {"wrong media", "/v/premium.mp4/thumbnail.jpg?token=" + hs_token(claims("clip.mp4", "t", 300))},
      {"wrong key", "/v/premium.mp4/thumbnail.jpg?token=" +
                        hs_token(claims("premium.mp4", "t", 300), "another-secret-of-at-least-32-bytes!!")},
      {"contradicted claim", "/v/premium.mp4/thumbnail.jpg?width=100&token=" +
                                 hs_token(claims("premium.mp4", "t", 300, R"(,"width":64)"))},
      {"bad token on public media", "/v/clip.mp4/thumbnail.jpg?token=" + tampered},
  };
  for (const auto& [what, url] : cases) {
    auto res = get(url);
    EXPECT_EQ(res.status, 403) << what << " " << res.body;
    EXPECT_EQ(error_type_of(res), "invalid_token") << what << " " << res.body;
    EXPECT_EQ(res.header("content-type"), "application/json") << what;
    EXPECT_EQ(res.body.find(kPlayerSecret), std::string::npos) << what;
  }
  // The token is checked before the parameters: a bad width on a signed media without a token is 403.
  EXPECT_EQ(get("/v/premium.mp4/thumbnail.jpg?width=0").status, 403);
}

TEST_F(PlayerSigned, SignedStoryboardMetadataPointsAtASheetThatLoads) {
  start_player();
  const std::string token = hs_token(claims("premium.mp4", "s", 300));
  auto json = get("/v/premium.mp4/storyboard.json?tiles=4&columns=2&width=64&token=" + token);
  ASSERT_EQ(json.status, 200) << json.body;
  EXPECT_EQ(json.header("cache-control").rfind("private", 0), 0u);
  rapidjson::Document doc;
  doc.Parse(json.body.c_str());
  ASSERT_TRUE(doc.IsObject());
  const std::string url = doc["url"].GetString();
  EXPECT_NE(url.find("token=" + token), std::string::npos) << url;
  auto sheet = http_get(url);
  ASSERT_EQ(sheet.status, 200) << sheet.body;
  auto image = image_of(sheet);
  ASSERT_TRUE(image);
  EXPECT_EQ(image->width, 128);
  EXPECT_EQ(image->height, 96);
  // Without the token the same sheet is refused.
  EXPECT_EQ(get("/v/premium.mp4/storyboard.jpg?tiles=4&columns=2&width=64").status, 403);
}

TEST_F(PlayerSigned, AFolderPolicyCoversTheMediaUnderIt) {
  std::filesystem::create_directories(dir_ + "/media/private/teasers");
  std::filesystem::copy_file(dir_ + "/media/clip.mp4", dir_ + "/media/private/a.mp4");
  std::filesystem::copy_file(dir_ + "/media/clip.mp4", dir_ + "/media/private/teasers/t.mp4");
  start_player("", R"("private/":"signed","private/teasers/":"public")");
  EXPECT_EQ(get("/v/private/a.mp4/thumbnail.jpg?width=32").status, 403);
  // The token names the whole media path; one naming its folder or another object does not open it.
  auto res = get("/v/private/a.mp4/thumbnail.jpg?width=32&token=" + hs_token(claims("private/a.mp4", "t", 300)));
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.header("cache-control").rfind("private", 0), 0u);
  for (const char* sub : {"private", "private/", "a.mp4", "private/teasers/t.mp4"}) {
    auto refused = get("/v/private/a.mp4/thumbnail.jpg?width=32&token=" + hs_token(claims(sub, "t", 300)));
    EXPECT_EQ(refused.status, 403) << sub << " " << refused.body;
  }
  // The deeper folder's own policy wins; media outside the folder keep the default.
  auto teaser = get("/v/private/teasers/t.mp4/thumbnail.jpg?width=32");
  ASSERT_EQ(teaser.status, 200) << teaser.body;
  EXPECT_EQ(teaser.header("cache-control").rfind("public", 0), 0u);
  EXPECT_EQ(get("/v/clip.mp4/thumbnail.jpg?width=32").status, 200);
}

TEST_F(PlayerSigned, SignedAnswersMayBePublicWhenConfigured) {
  start_player(R"(,"signed_cache_control":"public")");
  auto res = get("/v/premium.mp4/thumbnail.jpg?width=64&token=" + hs_token(claims("premium.mp4", "t", 300)));
  ASSERT_EQ(res.status, 200) << res.body;
  EXPECT_EQ(res.header("cache-control"), std::string("public, max-age=") + kPlayerMaxAge);
}

}  // namespace
}  // namespace tg::testing
