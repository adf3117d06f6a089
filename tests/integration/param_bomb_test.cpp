// Requests carrying very many parameters are refused by every front door before any other work (in the
// vendor's error shape), and a vendor that is not configured serves no route at all.

#include <string>
#include <thread>

#include "integration/cos_fixture.hpp"
#include "integration/tencent_vod_fixture.hpp"

namespace tg::testing {
namespace {

// 150,000 distinct three-character names, "aaa&aab&…", about 600 KB: the shape of a form whose names a
// quadratic duplicate check compares ~10^10 times.
std::string name_bomb() {
  static const std::string kChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  const std::size_t n = kChars.size();
  std::string body;
  body.reserve(150'000 * 4);
  for (std::size_t i = 0; i < 150'000; ++i) {
    if (i) body += '&';
    body += kChars[i / (n * n) % n];
    body += kChars[i / n % n];
    body += kChars[i % n];
  }
  return body;
}

std::string many_params_query(int count) {
  std::string query;
  for (int i = 0; i < count; ++i) query += (i ? "&p" : "p") + std::to_string(i) + "=1";
  return query;
}

class ParamBomb : public VodFixture {};

TEST_F(ParamBomb, AVodFormOf150000NamesIsRefusedByCountBeforeAuthentication) {
  start(vod_config());
  const std::string bomb = name_bomb();
  ASSERT_LT(bomb.size(), 1u << 20);
  // Two at once, as the attack sends them, and the server still answers other requests.
  HttpResult results[2];
  std::thread senders[2];
  for (int i = 0; i < 2; ++i) {
    senders[i] = std::thread([&, i] {
      results[i] = http_post(server_->base_url() + "/v2/index.php", bomb, "application/x-www-form-urlencoded");
    });
  }
  EXPECT_EQ(http_get(server_->base_url() + "/healthz").status, 200);
  for (auto& sender : senders) sender.join();
  for (const HttpResult& res : results) {
    EXPECT_EQ(res.status, 200) << res.error;
    EXPECT_EQ(vod_code(res.body), 4000) << res.body;
    EXPECT_NE(json_field(res.body, "message").find("150000 parameters; at most 256"), std::string::npos) << res.body;
  }
}

TEST_F(ParamBomb, AVodQueryOverTheCountIsRefused) {
  start(vod_config());
  auto res = http_get(server_->base_url() + "/v2/index.php?" + many_params_query(257));
  EXPECT_EQ(vod_code(res.body), 4000) << res.body;
  EXPECT_NE(json_field(res.body, "message").find("257 parameters"), std::string::npos) << res.body;
  // At the bound, the request goes on to authentication (and fails there: it is not signed).
  res = http_get(server_->base_url() + "/v2/index.php?" + many_params_query(256));
  EXPECT_EQ(json_field(res.body, "message").find("parameters; at most"), std::string::npos) << res.body;
}

TEST_F(ParamBomb, AnOverlongVodValueIsRefused) {
  start(vod_config());
  auto res = http_post(server_->base_url() + "/v2/index.php", "Action=GetTaskInfo&fileId=" + std::string(5000, 'x'),
                       "application/x-www-form-urlencoded");
  EXPECT_EQ(vod_code(res.body), 4000) << res.body;
  EXPECT_NE(json_field(res.body, "message").find("fileId is longer than 4096 bytes"), std::string::npos) << res.body;
}

TEST_F(ParamBomb, WithoutVodKeysItsPathIsAnUnknownRoute) {
  start();
  auto res = http_post(server_->base_url() + "/v2/index.php", name_bomb(), "application/x-www-form-urlencoded");
  EXPECT_EQ(res.status, 404) << res.body;
  EXPECT_EQ(json_field(res.body, "error"), "NotFound");
  EXPECT_EQ(http_get(server_->base_url() + "/v2/index.php?Action=GetTaskInfo").status, 404);
}

TEST_F(ParamBomb, AZegoQueryOverTheCountIsCode2BeforeAuthentication) {
  start();
  auto res = http_get(server_->base_url() + "/?Action=MediaThumbnails&" + many_params_query(300));
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(code_of(res.body), 2) << res.body;
  EXPECT_NE(json_field(res.body, "Message").find("301 parameters; at most 256"), std::string::npos) << res.body;
}

class CosParamBomb : public CosFixture {};

TEST_F(CosParamBomb, ACosQueryOverTheCountIsInvalidArgumentBeforeAuthorization) {
  start_cos();
  std::vector<std::pair<std::string, std::string>> params{{"time", "1"}};
  for (int i = 0; i < 300; ++i) params.emplace_back("p" + std::to_string(i), "1");
  auto res = cos_get(snap("/clip.mp4", params), {.anonymous = true});
  EXPECT_EQ(res.status, 400) << res.body;
  EXPECT_EQ(cos_code(res.body), "InvalidArgument") << res.body;
  EXPECT_NE(res.body.find("302 parameters; at most 256"), std::string::npos) << res.body;
}

TEST_F(CosParamBomb, WithoutBucketsCosRequestsAreUnknownRoutes) {
  start();
  auto res = cos_get(snap("/clip.mp4"));
  EXPECT_EQ(res.status, 404) << res.body;
  EXPECT_EQ(json_field(res.body, "error"), "NotFound") << res.body;
}

}  // namespace
}  // namespace tg::testing
