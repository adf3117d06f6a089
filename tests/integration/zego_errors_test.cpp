// Every ZEGO business code, each provoked over HTTP by its own bad input.

#include <ctime>

#include "integration/gateway_fixture.hpp"

namespace tg::testing {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

class ZegoErrors : public GatewayFixture {
 protected:
  int code(const ZegoCredentials& app, const Params& params) { return code_of(call(app, params)); }

  static Params tencent(Params extra) {
    Params p{{"Action", "MediaThumbnails"}, {"Vendor", "Tencent"}, {"FileId", "clip.mp4"},
             {"Type", "SnapshotByTimeOffset"}, {"Definition", "10"}};
    p.insert(p.end(), extra.begin(), extra.end());
    return p;
  }
  static Params huawei(Params extra) {
    Params p{{"Action", "MediaThumbnails"}, {"Vendor", "Huawei"}, {"Type", "SampleSnapshot"}};
    p.insert(p.end(), extra.begin(), extra.end());
    return p;
  }
};

TEST_F(ZegoErrors, ParameterErrorsAreCode2WithAMessage) {
  start();
  Params offsets_101;
  for (int i = 0; i < 101; ++i) offsets_101.emplace_back("ExtTimeOffsetSet[]", std::to_string(i % 5));
  const std::vector<std::pair<std::string, Params>> cases = {
      {"FileId missing", {{"Action", "MediaThumbnails"}, {"Vendor", "Tencent"}, {"Type", "SnapshotByTimeOffset"},
                          {"Definition", "10"}, {"ExtTimeOffsetSet[]", "1"}}},
      {"Type unknown", {{"Action", "MediaThumbnails"}, {"Vendor", "Tencent"}, {"FileId", "clip.mp4"},
                        {"Type", "Everything"}, {"Definition", "10"}, {"ExtTimeOffsetSet[]", "1"}}},
      {"offset not a number", tencent({{"ExtTimeOffsetSet[]", "abc"}})},
      {"offset negative", tencent({{"ExtTimeOffsetSet[]", "-1"}})},
      {"offset huge", tencent({{"ExtTimeOffsetSet[]", "1e999"}})},
      {"offsets absent", tencent({})},
      {"101 offsets", tencent(offsets_101)},
      {"Definition missing", {{"Action", "MediaThumbnails"}, {"Vendor", "Tencent"}, {"FileId", "clip.mp4"},
                              {"Type", "SnapshotByTimeOffset"}, {"ExtTimeOffsetSet[]", "1"}}},
      {"Interval missing", huawei({{"FileId", "/rec/a.mp4"}})},
      {"Interval zero", huawei({{"FileId", "/rec/a.mp4"}, {"Interval", "0"}})},
      {"Interval negative", huawei({{"FileId", "/rec/a.mp4"}, {"Interval", "-3"}})},
      {"Vendor unknown", {{"Action", "MediaThumbnails"}, {"Vendor", "Akamai"}, {"FileId", "clip.mp4"},
                          {"Type", "SampleSnapshot"}, {"Interval", "2"}}},
      {"path escapes the media root", huawei({{"FileId", "../config.json"}, {"Interval", "2"}})},
  };
  for (const auto& [what, params] : cases) {
    std::string body = call(kAppA, params);
    EXPECT_EQ(code_of(body), 2) << what << ": " << body;
    EXPECT_FALSE(json_field(body, "Message").empty()) << what;
  }
  // A malformed percent-escape never reaches the parser.
  auto res = http_get(url(kAppA, tencent({{"ExtTimeOffsetSet[]", "1"}})) + "&Junk=%zz");
  EXPECT_EQ(code_of(res.body), 2) << res.body;
}

TEST_F(ZegoErrors, PermissionAndTemplateCodes) {
  const std::string apps = R"([{"app_id":")" + kAppA.app_id + R"(","server_secret":")" + kAppA.server_secret +
                           R"(","vendors":["Tencent"]},{"app_id":")" + kAppB.app_id + R"(","server_secret":")" +
                           kAppB.server_secret + R"(","enabled":false}])";
  start("", apps);
  EXPECT_EQ(code(kAppB, tencent({{"ExtTimeOffsetSet[]", "1"}})), 3);
  EXPECT_EQ(code(kAppA, huawei({{"FileId", "/rec/a.mp4"}, {"Interval", "2"}})), 4);
  Params unknown_template = tencent({{"ExtTimeOffsetSet[]", "1"}});
  unknown_template[4].second = "999";
  EXPECT_EQ(code(kAppA, unknown_template), 5);
}

TEST_F(ZegoErrors, AuthenticationFailuresAreCode7) {
  start();
  Params ok = tencent({{"ExtTimeOffsetSet[]", "1"}});
  EXPECT_EQ(code(ZegoCredentials{"99999", kAppA.server_secret}, ok), 7) << "unknown AppId";
  EXPECT_EQ(code(ZegoCredentials{kAppA.app_id, "ffffffffffffffffffffffffffffffff"}, ok), 7) << "bad signature";
  std::string u = url(kAppA, ok);
  u.replace(u.find("SignatureVersion=2.0"), 20, "SignatureVersion=1.0");
  EXPECT_EQ(code_of(http_get(u).body), 7) << "SignatureVersion 1.0";
  int64_t now = std::time(nullptr);
  EXPECT_EQ(code_of(http_get(url(kAppA, ok, now - 700)).body), 7) << "stale timestamp";
  EXPECT_EQ(code_of(http_get(url(kAppA, ok, now + 700)).body), 7) << "future timestamp";
  EXPECT_EQ(code_of(http_get(url(kAppA, ok, now - 500)).body), 0) << "inside the window";
  std::string nonce = "4fd24687296dd9f3";
  EXPECT_EQ(code_of(http_get(url(kAppA, ok, now, nonce)).body), 0);
  EXPECT_EQ(code_of(http_get(url(kAppA, ok, now, nonce)).body), 7) << "replayed nonce";
  // The same nonce is still fine for another AppId.
  EXPECT_EQ(code_of(http_get(url(kAppB, ok, now, nonce)).body), 0);
}

TEST_F(ZegoErrors, MissingFilesAre41003) {
  start();
  EXPECT_EQ(code(kAppA, huawei({{"FileId", "/rec/missing.mp4"}, {"Interval", "2"}})), 41003);
  Params tencent_missing = tencent({{"ExtTimeOffsetSet[]", "1"}});
  tencent_missing[2].second = "5285890781234567";
  EXPECT_EQ(code(kAppA, tencent_missing), 41003);
  // FileIds that are not UTF-8 text are unknown files too, in every task store (PostgreSQL refuses such text).
  for (const char* file_id : {"\xff\xfe.mp4", "caf\xe9.mp4", "\xc3\x28.mp4"}) {
    Params tencent_bytes = tencent({{"ExtTimeOffsetSet[]", "1"}});
    tencent_bytes[2].second = file_id;
    EXPECT_EQ(code(kAppA, tencent_bytes), 41003) << file_id;
  }
}

TEST_F(ZegoErrors, AFullQueueIsCode1000) {
  start(R"(,"workers":0,"max_queue":2,"max_queue_per_app":2)");
  Params p = huawei({{"FileId", "/rec/a.mp4"}, {"Interval", "2"}});
  EXPECT_EQ(code(kAppA, p), 0);
  EXPECT_EQ(code(kAppA, p), 0);
  std::string body = call(kAppA, p);
  EXPECT_EQ(code_of(body), 1000) << body;
}

}  // namespace
}  // namespace tg::testing
