#include <gtest/gtest.h>

#include "tasks/job.hpp"
#include "tasks/output_codec.hpp"

namespace tg::tasks {
namespace {

Job snapshot_job() {
  Job job;
  job.kind = JobKind::kSnapshot;
  job.snapshot.times = {{0.1, false}, {33.333333333333336, true}, {7200.04, false}};
  job.snapshot.mode = engine::SeekMode::kKeyframe;
  job.snapshot.image = {640, 360, 1280, engine::Fit::kPad, engine::ImageFormat::kPng, 77, engine::Rotate::kOff,
                        0x12AB9F};
  job.snapshot.black = {20, 95, 40};
  job.name_pattern = "snap_{ms}.png";
  return job;
}

Job sprite_job() {
  Job job;
  job.kind = JobKind::kSprite;
  job.sprite.sampling.interval = 12.5;
  job.sprite.sampling.percent = true;
  job.sprite.sampling.start_s = 3.25;
  job.sprite.sampling.count = 17;
  job.sprite.sampling.mode = engine::SeekMode::kKeyframe;
  job.sprite.sampling.image.quality = 60;
  job.sprite.sampling.black.pixel_threshold = 10;
  job.sprite.columns = 4;
  job.sprite.rows = 3;
  job.sprite.cell_width = 160;
  job.sprite.cell_height = 90;
  job.sprite.padding = 2;
  job.sprite.margin = 5;
  job.sprite.color = 0xFFFFFF;
  job.sprite.format = engine::ImageFormat::kPng;
  job.sprite.quality = 91;
  job.name_pattern = "sprite_{n}.png";
  job.vtt_name = "sprite.vtt";
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
  EXPECT_EQ(back->kind, JobKind::kSnapshot);
  EXPECT_EQ(back->name_pattern, job.name_pattern);
  ASSERT_EQ(back->snapshot.times.size(), job.snapshot.times.size());
  for (size_t i = 0; i < job.snapshot.times.size(); ++i) {
    EXPECT_EQ(back->snapshot.times[i].value, job.snapshot.times[i].value);  // exact: shortest round-trip
    EXPECT_EQ(back->snapshot.times[i].percent, job.snapshot.times[i].percent);
  }
  EXPECT_EQ(back->snapshot.mode, job.snapshot.mode);
  expect_same_image(back->snapshot.image, job.snapshot.image);
  expect_same_black(back->snapshot.black, job.snapshot.black);
  EXPECT_EQ(encode_job(*back), json);
}

TEST(JobCodec, SampleRoundTripsEveryField) {
  Job job;
  job.kind = JobKind::kSample;
  job.sample.interval = 2.5;
  job.sample.start_s = 1;
  job.sample.count = 9;
  job.sample.image.max_length = 480;
  job.sample.image.background = 0x010203;
  job.sample.black = {16, 80, 12};
  job.name_pattern = "{n}_{s}.jpg";
  auto back = decode_job(encode_job(job));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->kind, JobKind::kSample);
  EXPECT_EQ(back->name_pattern, job.name_pattern);
  expect_same_sample(back->sample, job.sample);
}

TEST(JobCodec, SpriteRoundTripsEveryField) {
  Job job = sprite_job();
  auto back = decode_job(encode_job(job));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(back->kind, JobKind::kSprite);
  EXPECT_EQ(back->vtt_name, "sprite.vtt");
  EXPECT_EQ(back->name_pattern, job.name_pattern);
  expect_same_sample(back->sprite.sampling, job.sprite.sampling);
  EXPECT_EQ(back->sprite.columns, 4);
  EXPECT_EQ(back->sprite.rows, 3);
  EXPECT_EQ(back->sprite.cell_width, 160);
  EXPECT_EQ(back->sprite.cell_height, 90);
  EXPECT_EQ(back->sprite.padding, 2);
  EXPECT_EQ(back->sprite.margin, 5);
  EXPECT_EQ(back->sprite.color, 0xFFFFFFu);
  EXPECT_EQ(back->sprite.format, engine::ImageFormat::kPng);
  EXPECT_EQ(back->sprite.quality, 91);
}

TEST(JobCodec, MissingFieldsKeepDefaults) {
  auto job = decode_job(R"({"kind":"sample","sample":{"interval":3}})");
  ASSERT_TRUE(job) << job.error();
  EXPECT_EQ(job->sample.interval, 3);
  EXPECT_EQ(job->sample.image.quality, 85);
  EXPECT_EQ(job->name_pattern, "{n}.jpg");
  EXPECT_FALSE(job->sample.black.enabled());
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
  std::vector<TaskOutput> outputs{{"a.jpg", "image", 1234, 640, 360}, {"s.vtt", "vtt", 0, 0, 0}};
  auto back = decode_outputs(encode_outputs(outputs));
  ASSERT_TRUE(back) << back.error();
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ((*back)[0].name, "a.jpg");
  EXPECT_EQ((*back)[0].offset_ms, 1234);
  EXPECT_EQ((*back)[0].height, 360);
  EXPECT_EQ((*back)[1].kind, "vtt");
  EXPECT_TRUE(decode_outputs("[]")->empty());
  EXPECT_FALSE(decode_outputs("{}"));
  auto bad = decode_outputs(R"([{"name":"a","kind":"image","offset_ms":"1","width":1,"height":1}])");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().find("outputs[0].offset_ms"), std::string::npos);
}

}  // namespace
}  // namespace tg::tasks
