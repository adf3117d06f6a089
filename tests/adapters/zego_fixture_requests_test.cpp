// The documented example requests (schemas/zego/*.request.*.json) pass authentication and parsing.

#include <gtest/gtest.h>

#include "adapters/common/sliding_window_limiter.hpp"
#include "adapters/zego/zego_authenticator.hpp"
#include "adapters/zego/zego_request_parser.hpp"
#include "signing/nonce_cache.hpp"
#include "zego_fixtures.hpp"

namespace tg::adapters::zego {
namespace {

struct FixtureCase {
  const char* file;
  Vendor vendor;
  SnapshotType type;
};

class ZegoFixtureRequestTest : public ::testing::TestWithParam<FixtureCase> {};

TEST_P(ZegoFixtureRequestTest, AuthenticatesAndParses) {
  auto fixture = testing::parse_json(testing::read_fixture(GetParam().file));
  ASSERT_TRUE(fixture.IsObject());
  ZegoSettings settings = testing::make_settings();
  settings.apps[0].server_secret = fixture["server_secret"].GetString();
  signing::NonceCache nonces;
  SlidingWindowLimiter limiter;
  SeparateCallAdmission admission(nonces, limiter);
  ZegoAuthenticator auth(settings, admission);
  const ApiRequest request = testing::request_from_target(fixture["target"].GetString());

  auto action = parse_action(request);
  ASSERT_TRUE(action);
  EXPECT_EQ(*action, ZegoAction::kMediaThumbnails);
  auto app = auth.authenticate(request, fixture["now"].GetInt64() * 1000);
  ASSERT_TRUE(app) << app.error().message;
  auto parsed = parse_thumbnails(request, **app, settings);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->vendor, GetParam().vendor);
  EXPECT_EQ(parsed->type, GetParam().type);
  EXPECT_FALSE(parsed->file_id.empty());
  // A second identical request is a replay.
  auto replay = auth.authenticate(request, fixture["now"].GetInt64() * 1000);
  ASSERT_FALSE(replay);
  EXPECT_EQ(replay.error().code, ZegoCode::kAuth);
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, ZegoFixtureRequestTest,
    ::testing::Values(FixtureCase{"media_thumbnails.request.tencent.json", Vendor::kTencent, SnapshotType::kTimeOffset},
                      FixtureCase{"media_thumbnails.request.huawei.json", Vendor::kHuawei, SnapshotType::kSample}));

TEST(ZegoFixtureQueryTest, HuaweiFileIdArrivesDecoded) {
  auto fixture = testing::parse_json(testing::read_fixture("media_thumbnails.request.huawei.json"));
  const ApiRequest request = testing::request_from_target(fixture["target"].GetString());
  EXPECT_EQ(request.query_value("FileId"), "/record/pickrecord/2024-11-13-06-10-48.mp4");
}

}  // namespace
}  // namespace tg::adapters::zego
