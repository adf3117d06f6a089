// MPC's answers: error shape, ThumbTask fields and the list envelope.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "adapters/huawei_mpc/mpc_error.hpp"
#include "adapters/huawei_mpc/mpc_renderer.hpp"
#include "adapters/huawei_mpc/mpc_task.hpp"
#include "adapters/huawei_mpc/thumbnail_request_parser.hpp"

namespace tg::adapters::huawei_mpc {
namespace {

tasks::TaskRecord record(tasks::TaskStatus status) {
  auto parsed = parse_create(
      R"({"input":{"bucket":"media","location":"cn-north-4","object":"v/a.mp4"},)"
      R"("output":{"bucket":"thumbs","location":"cn-north-4","object":"out"},"user_data":"ud",)"
      R"("thumbnail_para":{"type":"DOTS","dots":[1,2]}})");
  EXPECT_TRUE(parsed);
  tasks::TaskRecord r;
  r.id = "123456";
  r.spec = build_task_spec(*parsed, {.task_id = "123456", .project_id = "p", .output_object = "out/123456/"});
  r.status = status;
  r.created_ms = int64_t{1796040000} * 1000;
  r.finished_ms = r.created_ms + 61000;
  r.outputs = {{.name = "1.jpg", .kind = "image", .offset_ms = 1000}, {.name = "2.jpg", .kind = "image", .offset_ms = 2000}};
  return r;
}

TEST(HuaweiMpcRenderer, ErrorsHaveHuaweisShape) {
  ApiResponse r = render_error(MpcError::invalid_parameter("thumbnail_para.time must be an integer from 1 to 100"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body,
            R"({"error_code":"MPC.10202","error_msg":"Invalid request parameter: thumbnail_para.time must be an integer from 1 to 100"})");
  EXPECT_EQ(render_error(MpcError::authentication("x")).status, 401);
}

TEST(HuaweiMpcRenderer, ListCarriesEveryThumbTaskField) {
  ApiResponse r = render_list({record(tasks::TaskStatus::kSucceeded)}, true, 7);
  rapidjson::Document doc;
  doc.Parse(r.body.c_str());
  ASSERT_TRUE(doc.IsObject()) << r.body;
  EXPECT_EQ(doc["is_truncated"].GetInt(), 1);
  EXPECT_EQ(doc["total"].GetInt(), 7);
  const auto& t = doc["task_array"][0];
  EXPECT_STREQ(t["task_id"].GetString(), "123456");
  EXPECT_STREQ(t["status"].GetString(), "SUCCEEDED");
  EXPECT_STREQ(t["create_time"].GetString(), "20261130120000");
  EXPECT_STREQ(t["end_time"].GetString(), "20261130120101");
  EXPECT_STREQ(t["input"]["object"].GetString(), "v/a.mp4");
  EXPECT_STREQ(t["output"]["object"].GetString(), "out/123456/");
  EXPECT_STREQ(t["output_file_name"].GetString(), "1.jpg");
  EXPECT_STREQ(t["user_data"].GetString(), "ud");
  ASSERT_EQ(t["thumbnail_info"].Size(), 2u);
  EXPECT_STREQ(t["thumbnail_info"][1]["pic_name"].GetString(), "2.jpg");
}

TEST(HuaweiMpcRenderer, StatusesAndUnfinishedTimes) {
  EXPECT_STREQ(mpc_status(tasks::TaskStatus::kQueued), "WAITING");
  EXPECT_STREQ(mpc_status(tasks::TaskStatus::kRunning), "PROCESSING");
  EXPECT_STREQ(mpc_status(tasks::TaskStatus::kCanceled), "CANCELED");
  ApiResponse r = render_list({record(tasks::TaskStatus::kQueued)}, false, 1);
  rapidjson::Document doc;
  doc.Parse(r.body.c_str());
  EXPECT_STREQ(doc["task_array"][0]["end_time"].GetString(), "");
  EXPECT_STREQ(doc["task_array"][0]["output_file_name"].GetString(), "");
}

}  // namespace
}  // namespace tg::adapters::huawei_mpc
