// Per-task output limits over HTTP: a request that says it makes too many images is refused at once,
// an interval task that reaches the image cap or the byte budget fails, and leaves no files.

#include <filesystem>

#include "integration/gateway_fixture.hpp"
#include "integration/gateway_store.hpp"
#include "tasks/sqlite_task_store.hpp"

namespace tg::testing {
namespace {

class OutputLimits : public GatewayFixture {
 protected:
  // Tencent template 30: an image every second (its count depends on the video's duration).
  static constexpr const char* kEverySecond =
      R"(,"tencent":{"sample_templates":{"30":{"sample_type":"Time","interval":1}}})";

  std::string task_error_code(const std::string& task_id) {
    auto store = GatewayStore::open(dir_ + "/data");
    if (!store) return "";
    auto record = store->get(task_id);
    return record && record->has_value() ? (*record)->error_code : "";
  }

  bool has_outputs(const std::string& task_id) const {
    return std::filesystem::exists(dir_ + "/data/outputs/" + task_id);
  }
};

TEST_F(OutputLimits, IntervalTaskFailsAtTheImageCapWithoutImages) {
  start(std::string(R"(,"max_images_per_task":4)") + kEverySecond);
  std::string body = call(kAppA, {{"Action", "MediaThumbnails"}, {"Vendor", "Tencent"},
                                  {"FileId", "1397757897438985100"}, {"Type", "SampleSnapshot"},
                                  {"Definition", "30"}});  // a 6 s clip: 6 images
  ASSERT_EQ(code_of(body), 0) << body;
  const std::string task_id = json_field(body, "Data.Tencent.TaskId");
  std::string done = wait_status(kAppA, "Tencent", task_id, {"FINISH", "FAIL"});
  EXPECT_EQ(json_field(done, "Data.Tencent.Status"), "FAIL") << done;
  EXPECT_EQ(json_field(done, "Data.Tencent.Message"),
            "1397757897438985100: the task makes more than 4 images, the most one task may make") << done;
  EXPECT_TRUE(json_strings(done, "Data.Tencent.ThumbnailsUrl").empty());
  EXPECT_EQ(task_error_code(task_id), "too_large");
  EXPECT_FALSE(has_outputs(task_id));
}

TEST_F(OutputLimits, RequestsThatSayTheyMakeTooManyImagesAreRefusedAtOnce) {
  start(R"(,"max_images_per_task":4)");
  std::vector<std::pair<std::string, std::string>> five{{"Action", "MediaThumbnails"},
                                                        {"Vendor", "Tencent"},
                                                        {"FileId", "1397757897438985100"},
                                                        {"Type", "SnapshotByTimeOffset"},
                                                        {"Definition", "10"}};
  for (const char* t : {"1", "2", "3", "4", "5"}) five.emplace_back("ExtTimeOffsetSet[]", t);
  std::string refused = call(kAppA, five);
  EXPECT_EQ(code_of(refused), 2) << refused;
  EXPECT_EQ(json_field(refused, "Message"), "the request makes 5 images; a task makes at most 4") << refused;
  // The built-in template 10 samples every 10 % of the duration: 11 images, whatever the video.
  std::string percent = call(kAppA, {{"Action", "MediaThumbnails"}, {"Vendor", "Tencent"},
                                     {"FileId", "1397757897438985100"}, {"Type", "SampleSnapshot"},
                                     {"Definition", "10"}});
  EXPECT_EQ(code_of(percent), 2) << percent;
  five.pop_back();
  EXPECT_EQ(code_of(call(kAppA, five)), 0);  // four are fine
}

TEST_F(OutputLimits, TaskOverTheByteBudgetFailsWithoutFiles) {
  std::filesystem::copy_file(long_clip(60), dir_ + "/media/minute.mp4");
  // 60 full-size 640x360 JPEGs of a busy test pattern: about 1.6 MiB.
  start(R"(,"max_output_bytes_per_task":1048576,"huawei":{"max_length":0})");
  std::string body = call(kAppA, {{"Action", "MediaThumbnails"}, {"Vendor", "Huawei"}, {"FileId", "minute.mp4"},
                                  {"Type", "SampleSnapshot"}, {"Interval", "1"}});
  ASSERT_EQ(code_of(body), 0) << body;
  const std::string task_id = json_field(body, "Data.Huawei.task_id");
  std::string done = wait_status(kAppA, "Huawei", task_id, {"SUCCEEDED", "FAILED"});
  EXPECT_EQ(json_field(done, "Data.Huawei.Status"), "FAILED") << done;
  EXPECT_EQ(task_error_code(task_id), "too_large");
  EXPECT_FALSE(has_outputs(task_id));
}

}  // namespace
}  // namespace tg::testing
