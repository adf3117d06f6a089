// DescribeMediaTask through a task's life, and a task of one AppId invisible to another.

#include "integration/gateway_fixture.hpp"

namespace tg::testing {
namespace {

class ZegoDescribe : public GatewayFixture {};

TEST_F(ZegoDescribe, WaitingThenProcessingThenSucceededAndInvisibleToOtherApps) {
  std::filesystem::copy_file(long_clip(240), dir_ + "/media/long.mp4");
  // No workers first: the task must stay WAITING.
  start(R"(,"workers":0)");
  std::string body = call(kAppA, {{"Action", "MediaThumbnails"}, {"Vendor", "Huawei"}, {"FileId", "long.mp4"},
                                  {"Type", "SampleSnapshot"}, {"Interval", "1"}});
  ASSERT_EQ(code_of(body), 0) << body;
  std::string task_id = json_field(body, "Data.Huawei.task_id");
  const std::vector<std::pair<std::string, std::string>> describe{
      {"Action", "DescribeMediaTask"}, {"Vendor", "Huawei"}, {"TaskId", task_id}};
  std::string waiting = call(kAppA, describe);
  EXPECT_EQ(json_field(waiting, "Data.Huawei.Status"), "WAITING") << waiting;
  EXPECT_EQ(json_field(waiting, "Data.Huawei.EndTime"), "") << waiting;

  // Another AppId sees exactly what it sees for a task that does not exist.
  std::string other = call(kAppB, describe);
  std::string unknown = call(kAppB, {{"Action", "DescribeMediaTask"}, {"Vendor", "Huawei"}, {"TaskId", "nope"}});
  EXPECT_EQ(json_field(other, "Code"), json_field(unknown, "Code"));
  EXPECT_EQ(json_field(other, "Data.Huawei.Status"), json_field(unknown, "Data.Huawei.Status"));
  EXPECT_EQ(json_field(other, "Data.Huawei.Status"), "NO_TASK") << other;
  // And the Tencent view of a Huawei task is the unknown-task answer too.
  std::string cross = call(kAppA, {{"Action", "DescribeMediaTask"}, {"Vendor", "Tencent"}, {"TaskId", task_id}});
  std::string cross_unknown = call(kAppA, {{"Action", "DescribeMediaTask"}, {"Vendor", "Tencent"}, {"TaskId", "nope"}});
  EXPECT_EQ(json_field(cross, "Code"), json_field(cross_unknown, "Code")) << cross;

  // With workers it runs: PROCESSING is seen while 240 images are made, then SUCCEEDED.
  server_->terminate();
  std::ofstream(dir_ + "/config.json", std::ios::trunc)
      << R"({"listen":"127.0.0.1:0","data_dir":")" + dir_ + R"(/data","media_root":")" + dir_ +
             R"(/media","workers":1,"apps":)" + apps_json() + "}";
  restart();
  std::string processing = wait_status(kAppA, "Huawei", task_id, {"PROCESSING", "SUCCEEDED", "FAILED"});
  EXPECT_EQ(json_field(processing, "Data.Huawei.Status"), "PROCESSING") << processing;
  std::string done = wait_status(kAppA, "Huawei", task_id, {"SUCCEEDED", "FAILED"});
  EXPECT_EQ(json_field(done, "Data.Huawei.Status"), "SUCCEEDED") << done;
  EXPECT_EQ(json_strings(done, "Data.Huawei.FileName").size(), 240u);
  EXPECT_EQ(json_field(done, "Data.Huawei.EndTime").size(), 14u);
}

}  // namespace
}  // namespace tg::testing
