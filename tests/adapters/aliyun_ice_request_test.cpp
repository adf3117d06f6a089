// The pure parts of the ICE front door: OSS addresses, SubmitSnapshotJob's JSON-string parameters,
// templates and OverwriteParams, ICE's output naming rules, and answers rendered as JSON and as XML.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "adapters/aliyun_ice/ice_document.hpp"
#include "adapters/aliyun_ice/ice_job_record.hpp"
#include "adapters/aliyun_ice/ice_renderer.hpp"
#include "adapters/aliyun_ice/ice_settings.hpp"
#include "adapters/aliyun_ice/oss_location.hpp"
#include "adapters/aliyun_ice/snapshot_job.hpp"
#include "adapters/aliyun_ice/submit_request.hpp"

namespace tg::adapters::aliyun_ice {
namespace {

TEST(OssLocation, ReadsBothForms) {
  auto oss = parse_oss_location("oss://in-bucket/folder/a b.mp4");
  ASSERT_TRUE(oss.location);
  EXPECT_EQ(oss.location->bucket, "in-bucket");
  EXPECT_EQ(oss.location->object, "folder/a b.mp4");
  auto http = parse_oss_location("https://in-bucket.oss-cn-shanghai.aliyuncs.com/folder/a%20b.mp4");
  ASSERT_TRUE(http.location);
  EXPECT_EQ(http.location->bucket, "in-bucket");
  EXPECT_EQ(http.location->object, "folder/a b.mp4");
  auto internal = parse_oss_location("http://in-bucket.oss-cn-beijing-internal.aliyuncs.com/x.mp4");
  ASSERT_TRUE(internal.location);
  EXPECT_EQ(internal.location->object, "x.mp4");
}

TEST(OssLocation, RefusesOtherAddressesAndPathTricks) {
  for (const char* not_oss : {"", "bucket/object", "oss://", "oss:///object", "http://example.com/a.mp4",
                              "https://bucket.s3.amazonaws.com/a.mp4", "http://bucket.aliyuncs.com/a.mp4",
                              "ftp://bucket.oss-cn-shanghai.aliyuncs.com/a.mp4"}) {
    auto r = parse_oss_location(not_oss);
    EXPECT_FALSE(r.location) << not_oss;
    EXPECT_EQ(r.error, OssLocationError::kNotOss) << not_oss;
  }
  for (const char* bad : {"oss://b/../etc/passwd", "oss://b/a/../../x", "oss://b//etc/passwd", "oss://b/",
                          "oss://b/a\\..\\x", "http://b.oss-cn-shanghai.aliyuncs.com/%2E%2E/x",
                          "http://b.oss-cn-shanghai.aliyuncs.com/a%00b", "http://b.oss-cn-shanghai.aliyuncs.com/a?x=1",
                          "http://b.oss-cn-shanghai.aliyuncs.com/%zz"}) {
    auto r = parse_oss_location(bad);
    EXPECT_FALSE(r.location) << bad;
    EXPECT_EQ(r.error, OssLocationError::kBadObject) << bad;
  }
  EXPECT_FALSE(safe_object_key("/abs.jpg"));
  EXPECT_FALSE(safe_object_key(std::string(1024, 'a')));
  EXPECT_TRUE(safe_object_key("a/b/c..d.jpg"));
}

signing::Params submit_params(const std::string& template_config, const std::string& output = "oss://out/o-{Count}.jpg") {
  return {{"Input", R"({"Type":"OSS","Media":"oss://in/clip.mp4"})"},
          {"Output", R"({"Type":"OSS","Media":")" + output + R"("})"},
          {"TemplateConfig", template_config},
          {"ScheduleConfig", R"({"PipelineId":"p-1"})"},
          {"Name", "job name"},
          {"UserData", R"({"k":"v"})"}};
}

TEST(SubmitRequest, ReadsTheJsonStringParameters) {
  auto r = parse_submit(submit_params(
      R"({"TemplateId":"t1","OverwriteParams":{"Type":"Sprite","FrameType":"normal","Count":"5","Interval":2,)"
      R"("Time":1500,"Width":320,"Height":180,"BlackLevel":30,"PixelBlackThreshold":70,"IsSptFrag":true,)"
      R"("SpriteSnapshotConfig":{"CellWidth":100,"CellHeight":50,"Padding":2,"Margin":3,"Color":"#FF0080",)"
      R"("Columns":4,"Lines":3}}})"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->input.type, "OSS");
  EXPECT_EQ(r->input.media, "oss://in/clip.mp4");
  EXPECT_EQ(r->template_id, "t1");
  EXPECT_EQ(r->pipeline_id, "p-1");
  EXPECT_EQ(r->name, "job name");
  EXPECT_EQ(r->user_data, R"({"k":"v"})");
  const SnapshotTemplate& t = r->overwrite;
  EXPECT_EQ(t.type, SnapshotType::kSprite);
  EXPECT_EQ(t.exact, true);
  EXPECT_EQ(t.count, 5);
  EXPECT_EQ(t.interval_s, 2);
  EXPECT_EQ(t.time_ms, 1500);
  EXPECT_EQ(t.width, 320);
  EXPECT_EQ(t.black_level, 30);
  EXPECT_EQ(t.pixel_black_threshold, 70);
  EXPECT_EQ(t.is_spt_frag, true);
  EXPECT_EQ(t.sprite.cell_width, 100);
  EXPECT_EQ(t.sprite.padding, 2);
  EXPECT_EQ(t.sprite.margin, 3);
  EXPECT_EQ(t.sprite.color, 0xFF0080u);
  EXPECT_EQ(t.sprite.columns, 4);
  EXPECT_EQ(t.sprite.lines, 3);
}

TEST(SubmitRequest, RefusesBadObjectParameters) {
  auto code_of = [](const signing::Params& params) {
    auto r = parse_submit(params);
    return r ? std::string() : r.error().code;
  };
  const std::string ok = R"({"TemplateId":"t1"})";
  EXPECT_EQ(code_of(submit_params(ok)), "");
  for (const char* bad : {"{", "[]", "\"x\"", R"({"TemplateId":1})", R"({"TemplateId":"t","Extra":1})",
                          R"({"TemplateId":"t","OverwriteParams":{"Count":0}})",
                          R"({"TemplateId":"t","OverwriteParams":{"Count":10001}})",
                          R"({"TemplateId":"t","OverwriteParams":{"Count":"1e3"}})",
                          R"({"TemplateId":"t","OverwriteParams":{"Width":99999999999}})",
                          R"({"TemplateId":"t","OverwriteParams":{"Width":-1}})",
                          R"({"TemplateId":"t","OverwriteParams":{"FrameType":"key"}})",
                          R"({"TemplateId":"t","OverwriteParams":{"Type":"Gif"}})",
                          R"({"TemplateId":"t","OverwriteParams":{"SpriteSnapshotConfig":{"Columns":101}}})",
                          R"({"TemplateId":"t","OverwriteParams":{"SpriteSnapshotConfig":{"Color":"red"}}})",
                          R"({"TemplateId":"t","OverwriteParams":{"Unknown":1}})",
                          R"({"TemplateId":"t","OverwriteParams":{"Count":1,"Count":2}})",
                          R"({"TemplateId":"t","OverwriteParams":{"a":[[[[[[[[[[[[]]]]]]]]]]]]}})"}) {
    EXPECT_EQ(code_of(submit_params(bad)), "InvalidParameter") << bad;
  }
  EXPECT_EQ(code_of(submit_params("")), "MissingParameter");
  EXPECT_EQ(code_of(submit_params(R"({"OverwriteParams":{}})")), "MissingParameter");
  auto params = submit_params(ok);
  params[0].second = R"({"Type":"S3","Media":"x"})";
  EXPECT_EQ(code_of(params), "InvalidParameter");
  params[0].second = R"({"Type":"OSS"})";
  EXPECT_EQ(code_of(params), "MissingParameter");
  params[0].second = R"({"Type":"OSS","Media":"oss://in/a.mp4","Other":1})";
  EXPECT_EQ(code_of(params), "InvalidParameter");
  params = submit_params(ok);
  params[4].second = std::string(129, 'n');
  EXPECT_EQ(code_of(params), "InvalidParameter");
  params = submit_params(ok);
  params[5].second = std::string(1025, 'u');
  EXPECT_EQ(code_of(params), "InvalidParameter");
}

SnapshotTemplate normal(int count, int interval = 0) {
  SnapshotTemplate t;
  t.type = SnapshotType::kNormal;
  t.count = count;
  t.interval_s = interval;
  return t;
}

TEST(SnapshotJobPlan, NormalImagesNeedCountWhenSeveralAndPadIt) {
  auto one = plan_job(normal(1), "snap/cover.jpg");
  ASSERT_TRUE(one) << one.error().message;
  EXPECT_EQ(one->folder_key, "snap");
  EXPECT_EQ(one->job.name_pattern, "cover.jpg");
  ASSERT_TRUE(one->job.is<tasks::SnapshotJob>());
  EXPECT_EQ(one->job.as<tasks::SnapshotJob>().times.size(), 1u);

  EXPECT_EQ(plan_job(normal(3), "snap/cover.jpg").error().code, "InvalidParameter");
  auto three = plan_job(normal(3, 2), "a/b/out-{Count}.jpg");
  ASSERT_TRUE(three);
  EXPECT_EQ(three->folder_key, "a/b");
  EXPECT_EQ(three->job.name_pattern, "out-{n+1:05}.jpg");
  ASSERT_TRUE(three->job.is<tasks::SampleJob>());
  EXPECT_EQ(three->job.as<tasks::SampleJob>().request.count, 3);
  EXPECT_DOUBLE_EQ(three->job.as<tasks::SampleJob>().request.interval, 2);
  // Interval 0: evenly over the duration.
  auto even = plan_job(normal(4), "out-{Count}.jpg");
  ASSERT_TRUE(even);
  ASSERT_TRUE(even->job.is<tasks::SnapshotJob>());
  const auto& times = even->job.as<tasks::SnapshotJob>().times;
  ASSERT_EQ(times.size(), 4u);
  EXPECT_TRUE(times[1].is_percent);
  EXPECT_DOUBLE_EQ(times[1].percent, 25);

  const std::string long_name = std::string(260, 'a') + "-{Count}.jpg";
  for (const std::string& bad : {std::string("out-{TileCount}.jpg"), std::string("out-{Count}-{n}.jpg"),
                                std::string("{Count}/x.jpg"), std::string("out-{count}.jpg"), std::string("dir/"),
                                std::string("a..{Count}.jpg"), long_name}) {
    auto r = plan_job(normal(3, 1), bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, "InvalidParameter") << bad;
  }
}

TEST(SnapshotJobPlan, SpritesNeedTileCountAndTakeTheSpriteConfig) {
  SnapshotTemplate t;
  t.type = SnapshotType::kSprite;
  t.interval_s = 1;
  t.sprite.cell_width = 64;
  t.sprite.cell_height = 36;
  t.sprite.columns = 3;
  t.sprite.lines = 2;
  t.sprite.padding = 4;
  t.sprite.margin = 5;
  t.sprite.color = 0x102030;
  EXPECT_EQ(plan_job(t, "sprite.jpg").error().code, "InvalidParameter");
  EXPECT_EQ(plan_job(t, "sprite-{Count}.jpg").error().code, "InvalidParameter");
  auto r = plan_job(t, "sp/sprite-{TileCount}.jpg");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->job.name_pattern, "sprite-{n:05}.jpg");
  const auto& sprite = r->job.as<tasks::SpriteJob>();
  EXPECT_EQ(sprite.request.cell_width, 64);
  EXPECT_EQ(sprite.request.cell_height, 36);
  EXPECT_EQ(sprite.request.columns, 3);
  EXPECT_EQ(sprite.request.rows, 2);
  EXPECT_EQ(sprite.request.padding, 4);
  EXPECT_EQ(sprite.request.margin, 5);
  EXPECT_EQ(sprite.request.color, 0x102030u);
  EXPECT_TRUE(sprite.vtt_name.empty());
  // Width/Height give the cells when SpriteSnapshotConfig does not; a page above 8192 is refused.
  SnapshotTemplate sized;
  sized.type = SnapshotType::kSprite;
  sized.width = 200;
  auto by_width = plan_job(sized, "s-{TileCount}.jpg");
  ASSERT_TRUE(by_width);
  EXPECT_EQ(by_width->job.as<tasks::SpriteJob>().request.cell_width, 200);
  EXPECT_EQ(by_width->job.as<tasks::SpriteJob>().request.cell_height, 112);
  sized.sprite.cell_width = 8192;
  sized.sprite.columns = 2;
  EXPECT_EQ(plan_job(sized, "s-{TileCount}.jpg").error().code, "InvalidParameter");
}

TEST(SnapshotJobPlan, WebVttEndsInVttAndTilesOnlyWithIsSptFrag) {
  SnapshotTemplate t;
  t.type = SnapshotType::kWebVtt;
  t.interval_s = 2;
  t.width = 96;
  t.height = 54;
  t.sprite.columns = 4;
  t.sprite.lines = 4;
  EXPECT_EQ(plan_job(t, "index.jpg").error().code, "InvalidParameter");
  EXPECT_EQ(plan_job(t, "index-{Count}.vtt").error().code, "InvalidParameter");
  auto single = plan_job(t, "v/index.vtt");
  ASSERT_TRUE(single);
  const auto& separate = single->job.as<tasks::SpriteJob>();
  EXPECT_EQ(separate.vtt_name, "index.vtt");
  EXPECT_EQ(single->job.name_pattern, "index-{n:05}.jpg");
  EXPECT_EQ(separate.request.columns, 1);
  EXPECT_EQ(separate.request.rows, 1);
  t.is_spt_frag = true;
  auto tiled = plan_job(t, "v/index.vtt");
  ASSERT_TRUE(tiled);
  EXPECT_EQ(tiled->job.as<tasks::SpriteJob>().request.columns, 4);
  EXPECT_EQ(tiled->job.as<tasks::SpriteJob>().request.rows, 4);
}

TEST(SnapshotJobPlan, BlackFilterFromBlackLevelAndPixelThreshold) {
  SnapshotTemplate t = normal(3, 1);
  auto off = plan_job(t, "o-{Count}.jpg");
  EXPECT_FALSE(off->job.as<tasks::SampleJob>().request.black.enabled());
  t.black_level = 30;
  t.pixel_black_threshold = 70;
  auto on = plan_job(t, "o-{Count}.jpg");
  const engine::BlackFilter& black = on->job.as<tasks::SampleJob>().request.black;
  EXPECT_EQ(black.pixel_threshold, 70);
  EXPECT_EQ(black.max_black_percent, 30);
  t.black_level.reset();
  EXPECT_EQ(plan_job(t, "o-{Count}.jpg")->job.as<tasks::SampleJob>().request.black.max_black_percent, kDefaultBlackLevel);
}

TEST(SnapshotTemplate, OverwriteParamsReplaceFieldByField) {
  SnapshotTemplate base = IceSettings::builtin_templates().at("thumbgate-sprite");
  SnapshotTemplate over;
  over.sprite.columns = 2;
  over.count = 7;
  SnapshotTemplate merged = base.overridden_by(over);
  EXPECT_EQ(merged.type, SnapshotType::kSprite);
  EXPECT_EQ(merged.sprite.columns, 2);
  EXPECT_EQ(merged.sprite.lines, 10);
  EXPECT_EQ(merged.count, 7);
  EXPECT_EQ(merged.width, 160);
}

TEST(IceDocument, JsonAndXmlOfTheSameAnswer) {
  IceNode body;
  body.set("RequestId", "R-1");
  IceNode urls = IceNode::array();
  urls.push("http://h/a?x=1&y=2");
  urls.push("http://h/b");
  body.set("SnapshotUrls", std::move(urls));
  body.set("Total", 2);
  body.set("Async", true);
  IceNode job;
  job.set("Name", "<a&b>");
  body.set("SnapshotJob", std::move(job));
  EXPECT_EQ(body.to_json(),
            R"({"RequestId":"R-1","SnapshotUrls":["http://h/a?x=1&y=2","http://h/b"],"Total":2,"Async":true,)"
            R"("SnapshotJob":{"Name":"<a&b>"}})");
  EXPECT_EQ(body.to_xml("GetSnapshotUrlsResponse"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><GetSnapshotUrlsResponse><RequestId>R-1</RequestId>"
            "<SnapshotUrls>http://h/a?x=1&amp;y=2</SnapshotUrls><SnapshotUrls>http://h/b</SnapshotUrls>"
            "<Total>2</Total><Async>true</Async><SnapshotJob><Name>&lt;a&amp;b&gt;</Name></SnapshotJob>"
            "</GetSnapshotUrlsResponse>");
}

TEST(IceRenderer, ErrorsCarryRequestIdHostIdCodeMessageAndTheirStatus) {
  auto json = render_error(job_not_found("abc"), "R-2", "ice.cn-shanghai.aliyuncs.com", false);
  EXPECT_EQ(json.status, 404);
  rapidjson::Document doc;
  doc.Parse(json.body.c_str());
  ASSERT_TRUE(doc.IsObject());
  EXPECT_STREQ(doc["RequestId"].GetString(), "R-2");
  EXPECT_STREQ(doc["HostId"].GetString(), "ice.cn-shanghai.aliyuncs.com");
  EXPECT_STREQ(doc["Code"].GetString(), "InvalidParameter.JobNotFound");
  auto xml = render_error(signature_does_not_match(), "R-3", "h", true);
  EXPECT_EQ(xml.status, 400);
  EXPECT_NE(xml.body.find("<Error><RequestId>R-3</RequestId><HostId>h</HostId><Code>SignatureDoesNotMatch</Code>"),
            std::string::npos)
      << xml.body;
  const std::string id = new_request_id();
  EXPECT_EQ(id.size(), 36u);
  EXPECT_EQ(id[8], '-');
  EXPECT_NE(id, new_request_id());
}

TEST(IceRenderer, JobNodeEchoesTheRequestAndMapsStatuses) {
  IceJobRecord record;
  record.name = "n";
  record.user_data = "u";
  record.template_id = "t";
  record.input_type = "OSS";
  record.input_media = "oss://in/clip.mp4";
  record.output_type = "OSS";
  record.output_media = "oss://out/s/o-{Count}.jpg";
  record.output_folder_key = "s";
  record.type = "Normal";
  record.count = 2;
  auto decoded = decode_job_record(encode_job_record(record));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->output_folder_key, "s");
  EXPECT_EQ(decoded->count, 2);
  tasks::TaskRecord task;
  task.id = "job1";
  task.status = tasks::TaskStatus::kRunning;
  task.created_ms = 1456231584000;
  EXPECT_EQ(job_node(task, *decoded, true).to_json().find(R"("Status":"Init")") != std::string::npos, true);
  task.status = tasks::TaskStatus::kFailed;
  task.error_code = "not_found";
  task.error_message = "clip.mp4: the input does not exist";
  const std::string failed = job_node(task, *decoded, true).to_json();
  EXPECT_NE(failed.find(R"("Status":"Fail","Code":"InputFile.NotFound","Message":"clip.mp4: the input does not exist")"),
            std::string::npos)
      << failed;
  EXPECT_NE(failed.find(R"("OssFile":{"Bucket":"in","Location":"","Object":"clip.mp4"})"), std::string::npos) << failed;
  EXPECT_NE(failed.find(R"("CreateTime":"2016-02-23T12:46:24Z")"), std::string::npos) << failed;
  EXPECT_NE(failed.find(R"("UserData":"u")"), std::string::npos);
  task.status = tasks::TaskStatus::kSucceeded;
  task.outputs = {{.name = "o-00002.jpg", .kind = "image", .index = 1}, {.name = "o-00001.jpg", .kind = "image", .index = 0}};
  const JobObjects objects = job_objects(task, *decoded);
  ASSERT_EQ(objects.images.size(), 2u);
  EXPECT_EQ(objects.images[0], "s/o-00001.jpg");
  EXPECT_EQ(made_count(task, *decoded), 2);
}

}  // namespace
}  // namespace tg::adapters::aliyun_ice
