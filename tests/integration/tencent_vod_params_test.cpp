// Invalid action parameters of the VOD v2 front door answer code 1000 with a message naming the problem.

#include "integration/tencent_vod_fixture.hpp"

namespace tg::testing {
namespace {

class VodParamsTest : public VodFixture {
 protected:
  void SetUp() override {
    VodFixture::SetUp();
    start(vod_config());
  }
  void expect_1000(const VodParams& params, const std::string& mentions) {
    const std::string body = vod_call(kVodKeyA, params);
    EXPECT_EQ(vod_code(body), 1000) << body;
    EXPECT_NE(json_field(body, "message").find(mentions), std::string::npos) << body;
    EXPECT_EQ(json_field(body, "vodTaskId"), "") << body;
  }
};

TEST_F(VodParamsTest, CreateImageSpriteParameters) {
  expect_1000({{"Action", "CreateImageSprite"}, {"definition", "10"}}, "fileId");
  expect_1000({{"Action", "CreateImageSprite"}, {"fileId", "1397757897438985100"}}, "definition");
  expect_1000({{"Action", "CreateImageSprite"}, {"fileId", "1397757897438985100"}, {"definition", "99"}},
              "no image sprite template");
  expect_1000({{"Action", "CreateImageSprite"}, {"fileId", "1397757897438985100"}, {"definition", "ten"}},
              "definition");
  expect_1000({{"Action", "CreateImageSprite"}, {"fileId", "1397757897438985100"}, {"definition", "-10"}},
              "definition");
  expect_1000({{"Action", "CreateImageSprite"}, {"fileId", "no-such-file"}, {"definition", "10"}}, "does not exist");
  expect_1000({{"Action", "CreateImageSprite"}, {"fileId", "../outside.mp4"}, {"definition", "10"}}, "fileId");
}

TEST_F(VodParamsTest, CreateSnapshotByTimeOffsetParameters) {
  const VodParams base{{"Action", "CreateSnapshotByTimeOffset"}, {"fileId", "1397757897438985100"}};
  auto with = [&](VodParams extra) {
    VodParams p = base;
    p.insert(p.end(), extra.begin(), extra.end());
    return p;
  };
  expect_1000(with({{"definition", "10"}}), "timeOffset");
  expect_1000(with({{"definition", "10"}, {"timeOffset.0", "abc"}}), "timeOffset.0");
  expect_1000(with({{"definition", "10"}, {"timeOffset.0", "-1000"}}), "timeOffset.0");
  expect_1000(with({{"definition", "10"}, {"timeOffset.0", "1.5"}}), "timeOffset.0");
  expect_1000(with({{"definition", "10"}, {"timeOffset.0", "99999999999999999999"}}), "timeOffset.0");
  expect_1000(with({{"definition", "10"}, {"timeOffset.0", "10000000000001"}}), "timeOffset.0");
  expect_1000(with({{"definition", "10"}, {"timeOffset.x", "1000"}}), "timeOffset.x");
  expect_1000(with({{"definition", "30"}, {"timeOffset.0", "1000"}}), "no time-point screenshot template");
  expect_1000(with({{"timeOffset.0", "1000"}}), "definition");
  VodParams many = with({{"definition", "10"}});
  for (int i = 0; i < 101; ++i) many.emplace_back("timeOffset." + std::to_string(i), std::to_string(i * 10));
  expect_1000(many, "at most 100");
}

TEST_F(VodParamsTest, GetTaskInfoParameters) {
  expect_1000({{"Action", "GetTaskInfo"}}, "vodTaskId");
  expect_1000({{"Action", "GetTaskInfo"}, {"vodTaskId", "bad id/with slash"}}, "vodTaskId");
}

}  // namespace
}  // namespace tg::testing
