#include <gtest/gtest.h>

#include "tasks/job.hpp"
#include "tasks/output_codec.hpp"

namespace tg::tasks {
namespace {

Job snapshot_job() {
  Job job;
  SnapshotJob& snapshot = job.params.emplace<SnapshotJob>();
  snapshot.times = {RequestedTime::at_ms(100), RequestedTime::at_percent(33.333333333333336),
                    RequestedTime::at_ms(7200040)};
  snapshot.mode = engine::SeekMode::kKeyframe;
  snapshot.image = {640, 360, 1280, engine::Fit::kPad, engine::ImageFormat::kPng, 77, engine::Rotate::kOff,
                        0x12AB9F};
  snapshot.black = {20, 95, 40};
  job.name_pattern = "snap_{ms}.png";
  return job;
}

Job sprite_job() {
  Job job;
  SpriteJob& sprite = job.params.emplace<SpriteJob>();
  sprite.request.sampling.interval = 12.5;
  sprite.request.sampling.percent = true;
  sprite.request.sampling.start_s = 3.25;
  sprite.request.sampling.count = 17;
  sprite.request.sampling.mode = engine::SeekMode::kKeyframe;
  sprite.request.sampling.image.quality = 60;
  sprite.request.sampling.black.pixel_threshold = 10;
  sprite.request.columns = 4;
  sprite.request.rows = 3;
  sprite.request.cell_width = 160;
  sprite.request.cell_height = 90;
  sprite.request.padding = 2;
  sprite.request.margin = 5;
  sprite.request.color = 0xFFFFFF;
  sprite.request.format = engine::ImageFormat::kPng;
  sprite.request.quality = 91;
  job.name_pattern = "sprite_{n}.png";
  sprite.vtt_name = "sprite.vtt";
  return job;
}

void expect_same_image(const engine::ImageOptions& a, const engine::ImageOptions& b) {
  EXPECT_EQ(a.width, b.width);
  EXPECT_EQ(a.height, b.height);
  EXPECT_EQ(a.max_length, b.max_length);
  EXPECT_EQ(a.fit, b.fit);
  EXPECT_EQ(a.format, b.format);
  EXPECT_EQ(a.quality, b.quality);
  EXPECT_EQ(a.rotate, b.rotate);
  EXPECT_EQ(a.background, b.background);
  EXPECT_EQ(a.turn_degrees, b.turn_degrees);
  EXPECT_EQ(a.flip_h, b.flip_h);
  EXPECT_EQ(a.flip_v, b.flip_v);
}

void expect_same_black(const engine::BlackFilter& a, const engine::BlackFilter& b) {
  EXPECT_EQ(a.pixel_threshold, b.pixel_threshold);
  EXPECT_EQ(a.max_black_percent, b.max_black_percent);
  EXPECT_EQ(a.max_skipped_frames, b.max_skipped_frames);
}

void expect_same_sample(const engine::SampleRequest& a, const engine::SampleRequest& b) {
  EXPECT_EQ(a.interval, b.interval);
  EXPECT_EQ(a.percent, b.percent);
  EXPECT_EQ(a.start_s, b.start_s);
  EXPECT_EQ(a.count, b.count);
  EXPECT_EQ(a.mode, b.mode);
  expect_same_image(a.image, b.image);
  expect_same_black(a.black, b.black);
}

TEST(JobCodec, SnapshotRoundTripsEveryField) {
  Job job = snapshot_job();
  std::string json = encode_job(job);
  EXPECT_NE(json.find("\"keyframe\""), std::string::npos);
  EXPECT_NE(json.find("\"png\""), std::string::npos);
  EXPECT_NE(json.find("\"pad\""), std::string::npos);
  EXPECT_NE(json.find("\"off\""), std::string::npos);
  EXPECT_NE(json.find("\"#12AB9F\""), std::string::npos);
  auto back = decode_job(json);
  ASSERT_TRUE(back) << back.error();
  ASSERT_TRUE(back->is<SnapshotJob>());
  EXPECT_EQ(back->name_pattern, job.name_pattern);
  const SnapshotJob& got = back->as<SnapshotJob>();
  const SnapshotJob& sent = job.as<SnapshotJob>();
  EXPECT_EQ(got.times, sent.times);  // exact: whole milliseconds, shares in shortest round-trip form
  EXPECT_EQ(got.mode, sent.mode);
  expect_same_image(got.image, sent.image);
  expect_same_black(got.black, sent.black);
  EXPECT_EQ(encode_job(*back), json);
}

TEST(JobCodec, SampleRoundTripsEveryField) {
  Job job;
  engine::SampleRequest& sample = job.params.emplace<SampleJob>().request;
  sample.interval = 2.5;
  sample.start_s = 1;
  sample.count = 9;
  sample.image.max_length = 480;
  sample.image.background = 0x010203;
  sample.black = {16, 80, 12};
  job.name_pattern = "{n}_{s}.jpg";
  auto back = decode_job(encode_job(job));
  ASSERT_TRUE(back) << back.error();
  ASSERT_TRUE(back->is<SampleJob>());
  EXPECT_EQ(back->name_pattern, job.name_pattern);
  expect_same_sample(back->as<SampleJob>().request, job.as<SampleJob>().request);
}

TEST(JobCodec, SpriteRoundTripsEveryField) {
  Job job = sprite_job();
  auto back = decode_job(encode_job(job));
  ASSERT_TRUE(back) << back.error();
  ASSERT_TRUE(back->is<SpriteJob>());
  EXPECT_EQ(back->as<SpriteJob>().vtt_name, "sprite.vtt");
  EXPECT_EQ(back->name_pattern, job.name_pattern);
  EXPECT_TRUE(back->output_dir.empty());
  const engine::SpriteRequest& got = back->as<SpriteJob>().request;
  expect_same_sample(got.sampling, job.as<SpriteJob>().request.sampling);
  EXPECT_EQ(got.columns, 4);
  EXPECT_EQ(got.rows, 3);
  EXPECT_EQ(got.cell_width, 160);
  EXPECT_EQ(got.cell_height, 90);
  EXPECT_EQ(got.padding, 2);
  EXPECT_EQ(got.margin, 5);
  EXPECT_EQ(got.color, 0xFFFFFFu);
  EXPECT_EQ(got.format, engine::ImageFormat::kPng);
  EXPECT_EQ(got.quality, 91);
}

TEST(JobCodec, EveryFormatFitTurnAndFlipRoundTrips) {
  for (engine::ImageFormat format : {engine::ImageFormat::kJpeg, engine::ImageFormat::kPng,
                                     engine::ImageFormat::kWebp, engine::ImageFormat::kAvif}) {
    for (engine::Fit fit : {engine::Fit::kStretch, engine::Fit::kPad, engine::Fit::kPreserve, engine::Fit::kCrop}) {
      Job job = snapshot_job();
      auto& image = job.as<SnapshotJob>().image;
      image.format = format;
      image.fit = fit;
      image.turn_degrees = 270;
      image.flip_h = true;
      image.flip_v = format == engine::ImageFormat::kAvif;
      auto decoded = decode_job(encode_job(job));
      ASSERT_TRUE(decoded) << decoded.error();
      expect_same_image(decoded->as<SnapshotJob>().image, image);
    }
  }
  Job sprite = sprite_job();
  sprite.as<SpriteJob>().request.format = engine::ImageFormat::kWebp;
  auto decoded = decode_job(encode_job(sprite));
  ASSERT_TRUE(decoded) << decoded.error();
  EXPECT_EQ(decoded->as<SpriteJob>().request.format, engine::ImageFormat::kWebp);
  // An image without turn and flips is written as before they existed.
  EXPECT_EQ(encode_job(snapshot_job()).find("turn"), std::string::npos);
}

TEST(JobCodec, OutputFolderRoundTripsAndIsLeftOutWhenEmpty) {
  Job job = sprite_job();
  EXPECT_EQ(encode_job(job).find("output_dir"), std::string::npos);  // rows of tasks without one are unchanged
  job.output_dir = "/srv/buckets/out/thumbs";
  auto back = decode_job(encode_job(job));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->output_dir, "/srv/buckets/out/thumbs");
}

TEST(JobCodec, ArchiveNameRoundTripsAndIsLeftOutWhenEmpty) {
  Job job = sprite_job();
  EXPECT_EQ(encode_job(job).find("archive_name"), std::string::npos);
  job.archive_name = "thumbs.tar";
  auto back = decode_job(encode_job(job));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->archive_name, "thumbs.tar");
  auto bad = decode_job(R"({"kind":"sample","name_pattern":"{n}.jpg","vtt_name":"","archive_name":7,"sample":{}})");
  EXPECT_FALSE(bad);
}

// Rows written before requested times were whole milliseconds (times as {"value","percent"}) still load.
TEST(JobCodec, DecodesTheEncodingOfEarlierRows) {
  auto snapshot = decode_job(
      R"({"kind":"snapshot","name_pattern":"snap_{ms}.png","vtt_name":"","snapshot":{"times":[)"
      R"({"value":0.1,"percent":false},{"value":33.333333333333336,"percent":true},{"value":7200.04,"percent":false},)"
      R"({"value":1.001,"percent":false}],"mode":"keyframe","image":{"width":640,"height":360,"max_length":1280,)"
      R"("fit":"pad","format":"png","quality":77,"rotate":"off","background":"#12AB9F"},)"
      R"("black":{"pixel_threshold":20,"max_black_percent":95,"max_skipped_frames":40}}})");
  ASSERT_TRUE(snapshot) << snapshot.error();
  ASSERT_TRUE(snapshot->is<SnapshotJob>());
  const SnapshotJob& shots = snapshot->as<SnapshotJob>();
  EXPECT_EQ(shots.times, (std::vector<RequestedTime>{RequestedTime::at_ms(100),
                                                     RequestedTime::at_percent(33.333333333333336),
                                                     RequestedTime::at_ms(7200040), RequestedTime::at_ms(1001)}));
  EXPECT_EQ(shots.mode, engine::SeekMode::kKeyframe);
  EXPECT_EQ(shots.image.background, 0x12AB9Fu);
  EXPECT_EQ(shots.black.max_skipped_frames, 40);
  EXPECT_EQ(snapshot->name_pattern, "snap_{ms}.png");

  auto sprite = decode_job(
      R"({"kind":"sprite","name_pattern":"imageSprite_10_{n}.jpg","vtt_name":"imageSprite_10.vtt","sprite":{)"
      R"("sampling":{"interval":5.0,"percent":false,"start_s":0.0,"count":0,"mode":"exact","image":{"width":0,)"
      R"("height":0,"max_length":0,"fit":"stretch","format":"jpg","quality":85,"rotate":"auto",)"
      R"("background":"#000000"},"black":{"pixel_threshold":-1,"max_black_percent":100,"max_skipped_frames":150}},)"
      R"("columns":10,"rows":10,"cell_width":142,"cell_height":80,"padding":0,"margin":0,"color":"#000000",)"
      R"("format":"jpg","quality":85}})");
  ASSERT_TRUE(sprite) << sprite.error();
  ASSERT_TRUE(sprite->is<SpriteJob>());
  EXPECT_EQ(sprite->as<SpriteJob>().vtt_name, "imageSprite_10.vtt");
  EXPECT_EQ(sprite->as<SpriteJob>().request.sampling.interval, 5.0);
  EXPECT_EQ(sprite->as<SpriteJob>().request.columns, 10);

  auto sample = decode_job(
      R"({"kind":"sample","name_pattern":"{n}.jpg","vtt_name":"","sample":{"interval":2.5,"percent":true}})");
  ASSERT_TRUE(sample) << sample.error();
  EXPECT_TRUE(sample->as<SampleJob>().request.percent);
}

// Requested times are stored as whole milliseconds, not as seconds rebuilt from a double.
TEST(JobCodec, StoresRequestedTimesAsWholeMilliseconds) {
  Job job;
  job.params = SnapshotJob{{RequestedTime::at_ms(1001), RequestedTime::at_percent(50)}};
  const std::string json = encode_job(job);
  EXPECT_NE(json.find(R"({"offset_ms":1001})"), std::string::npos) << json;
  EXPECT_NE(json.find(R"({"percent_of_duration":50.0})"), std::string::npos) << json;
  auto bad = decode_job(R"({"kind":"snapshot","snapshot":{"times":[{"offset_ms":1.5}]}})");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().find("job.snapshot.times[0].offset_ms"), std::string::npos) << bad.error();
  auto neither = decode_job(R"({"kind":"snapshot","snapshot":{"times":[{}]}})");
  ASSERT_FALSE(neither);
  EXPECT_NE(neither.error().find("job.snapshot.times[0]"), std::string::npos) << neither.error();
}

TEST(JobCodec, MissingFieldsKeepDefaults) {
  auto job = decode_job(R"({"kind":"sample","sample":{"interval":3}})");
  ASSERT_TRUE(job) << job.error();
  EXPECT_EQ(job->as<SampleJob>().request.interval, 3);
  EXPECT_EQ(job->as<SampleJob>().request.image.quality, 85);
  EXPECT_EQ(job->name_pattern, "{n}.jpg");
  EXPECT_FALSE(job->as<SampleJob>().request.black.enabled());
}

struct BadJob {
  const char* json;
  const char* field;  // expected in the error message
};

class JobCodecErrors : public ::testing::TestWithParam<BadJob> {};

TEST_P(JobCodecErrors, NameTheWrongField) {
  auto job = decode_job(GetParam().json);
  ASSERT_FALSE(job) << GetParam().json;
  EXPECT_NE(job.error().find(GetParam().field), std::string::npos) << job.error();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, JobCodecErrors,
    ::testing::Values(
        BadJob{"", "not valid JSON"}, BadJob{"{\"kind\":", "not valid JSON"}, BadJob{"[1]", "expected an object"},
        BadJob{"{}", "job.kind"}, BadJob{R"({"kind":"gif"})", "job.kind"}, BadJob{R"({"kind":1})", "job.kind"},
        BadJob{R"({"kind":"snapshot"})", "job.snapshot: missing"},
        BadJob{R"({"kind":"snapshot","snapshot":[]})", "job.snapshot: expected an object"},
        BadJob{R"({"kind":"snapshot","snapshot":{"times":{}}})", "job.snapshot.times"},
        BadJob{R"({"kind":"snapshot","snapshot":{"times":[{"value":"1"}]}})", "job.snapshot.times[0].value"},
        BadJob{R"({"kind":"snapshot","snapshot":{"times":[{"value":1},3]}})", "job.snapshot.times[1]"},
        BadJob{R"({"kind":"snapshot","snapshot":{"mode":"fast"}})", "job.snapshot.mode"},
        BadJob{R"({"kind":"snapshot","snapshot":{"image":{"width":1.5}}})", "job.snapshot.image.width"},
        BadJob{R"({"kind":"snapshot","snapshot":{"image":{"format":"gif"}}})", "job.snapshot.image.format"},
        BadJob{R"({"kind":"snapshot","snapshot":{"image":{"background":"#12345"}}})",
               "job.snapshot.image.background"},
        BadJob{R"({"kind":"snapshot","snapshot":{"image":{"background":"#12345G"}}})",
               "job.snapshot.image.background"},
        BadJob{R"({"kind":"snapshot","snapshot":{"black":{"pixel_threshold":true}}})",
               "job.snapshot.black.pixel_threshold"},
        BadJob{R"({"kind":"sample","sample":{"percent":1}})", "job.sample.percent"},
        BadJob{R"({"kind":"sample","sample":{"image":5}})", "job.sample.image"},
        BadJob{R"({"kind":"sprite","sprite":{"sampling":{"count":"x"}}})", "job.sprite.sampling.count"},
        BadJob{R"({"kind":"sprite","sprite":{"color":"white"}})", "job.sprite.color"},
        BadJob{R"({"kind":"sprite","sprite":{"rows":99999999999}})", "job.sprite.rows"},
        BadJob{R"({"kind":"sprite","name_pattern":3,"sprite":{}})", "job.name_pattern"}));

TEST(OutputCodec, RoundTripsAndRejectsBadEntries) {
  std::vector<TaskOutput> outputs{
      {.name = "a.jpg", .kind = "image", .offset_ms = 1234, .width = 640, .height = 360, .index = 3, .frame_ms = 1240},
      {.name = "s.vtt", .kind = "vtt", .entries = 42}};
  auto back = decode_outputs(encode_outputs(outputs));
  ASSERT_TRUE(back) << back.error();
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0].name, "a.jpg");
  EXPECT_EQ((*back)[0].offset_ms, 1234);
  EXPECT_EQ((*back)[0].height, 360);
  EXPECT_EQ((*back)[0].index, 3);
  EXPECT_EQ((*back)[0].frame_ms, 1240);
  EXPECT_EQ((*back)[1].kind, "vtt");
  EXPECT_EQ((*back)[1].entries, 42);
  EXPECT_TRUE(decode_outputs("[]")->empty());
  EXPECT_FALSE(decode_outputs("{}"));
  auto bad = decode_outputs(R"([{"name":"a","kind":"image","offset_ms":"1","width":1,"height":1}])");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().find("outputs[0].offset_ms"), std::string::npos);
  auto bad_index = decode_outputs(R"([{"name":"a","kind":"image","offset_ms":1,"width":1,"height":1,"index":"0"}])");
  ASSERT_FALSE(bad_index);
  EXPECT_NE(bad_index.error().find("outputs[0].index"), std::string::npos);
}

// Rows finished before the engine's facts were stored: an output's index is its position, no frame time.
TEST(OutputCodec, DecodesRowsWithoutTheEngineFacts) {
  auto back = decode_outputs(R"([{"name":"b.jpg","kind":"image","offset_ms":2000,"width":8,"height":6},)"
                             R"({"name":"a.jpg","kind":"image","offset_ms":500,"width":8,"height":6}])");
  ASSERT_TRUE(back) << back.error();
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0].index, 0);
  EXPECT_EQ((*back)[1].index, 1);
  EXPECT_EQ((*back)[1].offset_ms, 500);
  EXPECT_EQ((*back)[1].frame_ms, -1);
  EXPECT_EQ((*back)[1].entries, 0);
}

}  // namespace
}  // namespace tg::tasks
