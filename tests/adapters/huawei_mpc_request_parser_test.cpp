// Strict parsing of the MPC thumbnail calls: every field's range and the refusal of path tricks.

#include <gtest/gtest.h>

#include "adapters/huawei_mpc/mpc_task.hpp"
#include "adapters/huawei_mpc/thumbnail_request_parser.hpp"

namespace tg::adapters::huawei_mpc {
namespace {

std::string body_with(const std::string& para, const std::string& extra = "") {
  return R"({"input":{"bucket":"media","location":"cn-north-4","object":"videos/a.mp4"},)"
         R"("output":{"bucket":"thumbs","location":"cn-north-4","object":"out/"},"thumbnail_para":)" +
         para + extra + "}";
}

ApiRequest query(std::vector<std::pair<std::string, std::string>> q) {
  ApiRequest r;
  r.method = "GET";
  r.query = std::move(q);
  return r;
}

TEST(HuaweiMpcCreateParser, DefaultsFollowTheDocument) {
  auto parsed = parse_create(body_with("{}"));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->input.object, "videos/a.mp4");
  EXPECT_EQ(parsed->para.type, ThumbnailType::kTime);
  EXPECT_EQ(parsed->para.interval_s, 12);
  EXPECT_EQ(parsed->para.max_length, 480);
  EXPECT_FALSE(parsed->tar);  // tar defaults to 1: separate files
  EXPECT_FALSE(parsed->sync);
  EXPECT_FALSE(parsed->original_dir);
}

TEST(HuaweiMpcCreateParser, EveryFieldIsRead) {
  auto parsed = parse_create(body_with(
      R"({"type":"DOTS","dots":[1,3],"output_filename":"cover","width":320,"height":180,"format":1,)"
      R"("amount":90,"threshold":20})",
      R"(,"tar":0,"user_data":"u","original_dir":1)"));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->para.type, ThumbnailType::kDots);
  EXPECT_EQ(parsed->para.dots_ms, (std::vector<int64_t>{1000, 3000}));
  EXPECT_EQ(parsed->para.output_filename, "cover");
  EXPECT_EQ(parsed->para.width, 320);
  EXPECT_EQ(parsed->para.height, 180);
  EXPECT_EQ(parsed->para.amount, 90);
  EXPECT_EQ(parsed->para.threshold, 20);
  EXPECT_TRUE(parsed->tar);
  EXPECT_TRUE(parsed->original_dir);
  EXPECT_EQ(parsed->user_data, "u");
}

TEST(HuaweiMpcCreateParser, OutOfRangeFieldsAreMpc10202) {
  for (const std::string& para :
       {std::string(R"({"time":0})"), std::string(R"({"time":101})"), std::string(R"({"time":1.5})"),
        std::string(R"({"time":"10"})"), std::string(R"({"time":99999999999999999999999})"),
        std::string(R"({"start_time":-1})"), std::string(R"({"type":"PERCENT"})"), std::string(R"({"type":"DOTS"})"),
        std::string(R"({"type":"DOTS","dots":[]})"), std::string(R"({"type":"DOTS","dots":[1,2,3,4,5,6,7,8,9,10,11]})"),
        std::string(R"({"type":"DOTS","dots":[1,1]})"), std::string(R"({"type":"DOTS","dots":[-1]})"),
        std::string(R"({"width":96})"), std::string(R"({"width":3841})"), std::string(R"({"height":2161})"),
        std::string(R"({"max_length":239})"), std::string(R"({"max_length":3841})"), std::string(R"({"format":2})"),
        std::string(R"({"amount":0})"), std::string(R"({"amount":101})"), std::string(R"({"threshold":256})"),
        std::string(R"({"output_filename":"../x"})"), std::string(R"({"output_filename":"a/b"})"),
        std::string(R"({"output_filename":"{n}"})"), std::string(R"("TIME")")}) {
    auto parsed = parse_create(body_with(para));
    ASSERT_FALSE(parsed) << para;
    EXPECT_EQ(parsed.error().http_status, 400) << para;
    EXPECT_EQ(parsed.error().code, "MPC.10202") << para;
  }
  for (const std::string& extra : {std::string(R"(,"tar":2)"), std::string(R"(,"sync":1)"),
                                   std::string(R"(,"original_dir":-1)")}) {
    auto parsed = parse_create(body_with("{}", extra));
    ASSERT_FALSE(parsed) << extra;
    EXPECT_EQ(parsed.error().code, "MPC.10202") << extra;
  }
}

TEST(HuaweiMpcCreateParser, SyncTakesOneTimePoint) {
  EXPECT_TRUE(parse_create(body_with(R"({"type":"DOTS","dots":[2]})", R"(,"sync":1)")));
  EXPECT_TRUE(parse_create(body_with(R"({"type":"DOTS_MS","dots_ms":[2500]})", R"(,"sync":1)")));
  EXPECT_FALSE(parse_create(body_with(R"({"type":"DOTS","dots":[2,3]})", R"(,"sync":1)")));
  EXPECT_FALSE(parse_create(body_with(R"({"type":"DOTS_MS","dots_ms":[2500]})")));
}

TEST(HuaweiMpcCreateParser, MalformedBodiesAreMpc10202) {
  for (const std::string& body : {std::string(""), std::string("{"), std::string("[]"), std::string("null"),
                                  std::string(R"({"input":"x"})"), std::string(std::string(100000, '[')),
                                  std::string(R"({"input":{"bucket":"b","location":"l","object":"a"}})")}) {
    auto parsed = parse_create(body);
    ASSERT_FALSE(parsed) << body.substr(0, 40);
    EXPECT_EQ(parsed.error().code, "MPC.10202");
  }
  auto huge = parse_create(body_with("{}", R"(,"user_data":")" + std::string(70000, 'x') + "\""));
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().code, "MPC.10202");
}

TEST(HuaweiMpcCreateParser, ObjectKeysStayInsideTheirBucket) {
  for (const char* key : {"../a.mp4", "a/../../b.mp4", "/etc/passwd", "a\\\\..\\\\b", "a\\u0000b", "a\\nb", ".."}) {
    const std::string body = R"({"input":{"bucket":"media","location":"l","object":")" + std::string(key) +
                             R"("},"output":{"bucket":"thumbs","location":"l","object":"o"},"thumbnail_para":{}})";
    auto parsed = parse_create(body);
    EXPECT_FALSE(parsed) << key;
    const std::string out_body = R"({"input":{"bucket":"media","location":"l","object":"a.mp4"},)"
                                 R"("output":{"bucket":"thumbs","location":"l","object":")" +
                                 std::string(key) + R"("},"thumbnail_para":{}})";
    EXPECT_FALSE(parse_create(out_body)) << key;
  }
  EXPECT_TRUE(is_safe_object_key("a/b..c/d.mp4"));
  EXPECT_TRUE(is_safe_object_key(""));
}

TEST(HuaweiMpcListParser, TaskIdsStatusTimesAndPaging) {
  auto parsed = parse_list(query({{"task_id", "11"}, {"task_id", "12,13"}, {"status", "CANCELED"},
                                  {"page", "2"}, {"size", "5"}, {"start_time", "20261130120000"}}));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->task_ids, (std::vector<std::string>{"11", "12", "13"}));
  EXPECT_EQ(parsed->status, tasks::TaskStatus::kCanceled);
  EXPECT_EQ(parsed->page, 2);
  EXPECT_EQ(parsed->size, 5);
  EXPECT_EQ(parsed->start_ms, int64_t{1796040000} * 1000);

  std::vector<std::pair<std::string, std::string>> eleven;
  for (int i = 0; i < 11; ++i) eleven.emplace_back("task_id", std::to_string(100 + i));
  auto too_many = parse_list(query(eleven));
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().code, "MPC.10202");
  for (const auto& bad : std::vector<std::pair<std::string, std::string>>{
           {"status", "DONE"}, {"size", "11"}, {"size", "0"}, {"page", "-1"}, {"page", "1e9"},
           {"start_time", "2026-11-30"}, {"end_time", "20261399000000"}, {"end_time", "20260230000000"},
           {"start_time", "19691231235959"}, {"task_id", "a/b"}, {"task_id", ""}}) {
    auto refused = parse_list(query({bad}));
    if (bad.first == "task_id" && bad.second.empty()) {
      EXPECT_FALSE(refused) << "empty task_id";
      continue;
    }
    EXPECT_FALSE(refused) << bad.first << "=" << bad.second;
  }
}

TEST(HuaweiMpcCancelParser, OneWellFormedTaskId) {
  auto parsed = parse_cancel(query({{"task_id", "123"}}));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->task_id, "123");
  EXPECT_FALSE(parse_cancel(query({})));
  EXPECT_FALSE(parse_cancel(query({{"task_id", "1"}, {"task_id", "2"}})));
  EXPECT_FALSE(parse_cancel(query({{"task_id", "../1"}})));
}

TEST(HuaweiMpcTask, NamesAndFoldersFollowMpc) {
  auto time = parse_create(body_with(R"({"time":5,"output_filename":"cover"})", R"(,"tar":0)"));
  ASSERT_TRUE(time);
  EXPECT_EQ(output_prefix(*time, "42"), "out/42/");
  tasks::TaskSpec spec = build_task_spec(*time, {.task_id = "42", .project_id = "p", .input_uri = "/m/a.mp4",
                                                 .output_dir = "/o/out/42", .output_object = "out/42/"});
  EXPECT_EQ(spec.job.name_pattern, "cover_{s}.jpg");
  EXPECT_EQ(spec.job.archive_name, "cover.tar");
  EXPECT_EQ(spec.job.output_dir, "/o/out/42");
  ASSERT_TRUE(spec.job.is<tasks::SampleJob>());
  EXPECT_DOUBLE_EQ(spec.job.as<tasks::SampleJob>().request.interval, 5.0);
  EXPECT_EQ(spec.job.as<tasks::SampleJob>().request.image.max_length, 480);
  TaskExtra extra = decode_task_extra(spec.extra);
  EXPECT_EQ(extra.output.object, "out/42/");
  EXPECT_EQ(extra.archive_name, "cover.tar");

  auto one = parse_create(body_with(R"({"type":"DOTS","dots":[3],"output_filename":"cover","amount":95})",
                                    R"(,"original_dir":1)"));
  ASSERT_TRUE(one);
  EXPECT_EQ(output_prefix(*one, "42"), "out/");
  spec = build_task_spec(*one, {.task_id = "42"});
  EXPECT_EQ(spec.job.name_pattern, "cover.jpg");  // one image: no time point appended
  EXPECT_TRUE(spec.job.archive_name.empty());
  ASSERT_TRUE(spec.job.is<tasks::SnapshotJob>());
  EXPECT_TRUE(spec.job.as<tasks::SnapshotJob>().black.enabled());
  EXPECT_EQ(spec.job.as<tasks::SnapshotJob>().black.max_black_percent, 95);
}

}  // namespace
}  // namespace tg::adapters::huawei_mpc
