// The two APIs that speak Huawei, the MPC thumbnails API and the ZEGO API's Vendor=Huawei, ask the engine
// for the same work given the same interval (or the same time points), so they make the same images,
// byte for byte.

#include <fstream>
#include <sstream>

#include "huawei_mpc_fixture.hpp"

namespace tg::testing {
namespace {

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

using HuaweiParity = HuaweiMpcFixture;

TEST_F(HuaweiParity, ZegoVendorHuaweiAndMpcMakeTheSameImages) {
  ASSERT_NO_FATAL_FAILURE(start_mpc());
  struct Case {
    std::vector<std::pair<std::string, std::string>> zego;
    std::string mpc_para;
    std::vector<std::string> names;
  };
  const std::vector<Case> cases{
      {{{"Type", "SampleSnapshot"}, {"Interval", "2"}}, R"({"type":"TIME","time":2})", {"0.jpg", "2.jpg", "4.jpg"}},
      {{{"Type", "SnapshotByTimeOffset"}, {"ExtTimeOffsetSet[]", "1"}, {"ExtTimeOffsetSet[]", "3"}},
       R"({"type":"DOTS","dots":[1,3]})",
       {"1.jpg", "3.jpg"}},
  };
  for (const Case& c : cases) {
    std::vector<std::pair<std::string, std::string>> params{
        {"Action", "MediaThumbnails"}, {"Vendor", "Huawei"}, {"FileId", "obs/videos/clip.mp4"}};
    params.insert(params.end(), c.zego.begin(), c.zego.end());
    const std::string submitted = call(kAppA, params);
    ASSERT_EQ(code_of(submitted), 0) << submitted;
    const std::string zego_id = json_field(submitted, "Data.Huawei.task_id");
    const std::string done = wait_status(kAppA, "Huawei", zego_id, {"SUCCEEDED", "FAILED"});
    ASSERT_EQ(json_field(done, "Data.Huawei.Status"), "SUCCEEDED") << done;

    const std::string mpc_id = create(create_body(c.mpc_para));
    rapidjson::Document t = wait_done(mpc_id);
    ASSERT_STREQ(t["status"].GetString(), "SUCCEEDED");
    ASSERT_EQ(pic_names(t), c.names);
    for (const std::string& name : c.names) {
      const std::string zego_image = read_bytes(dir_ + "/data/outputs/" + zego_id + "/" + name);
      const std::string mpc_image = read_bytes(output_root() + "/thumbs/" + mpc_id + "/" + name);
      ASSERT_GT(zego_image.size(), 100u) << name;
      EXPECT_TRUE(zego_image == mpc_image) << name << ": the two APIs made different images";
    }
  }
}

}  // namespace
}  // namespace tg::testing
