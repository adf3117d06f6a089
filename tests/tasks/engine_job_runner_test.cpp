#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/clips.hpp"
#include "support/range_file_server.hpp"
#include "support/trickle_server.hpp"
#include "task_test_support.hpp"
#include "tasks/engine_job_runner.hpp"

namespace tg::tasks {
namespace {

namespace fs = std::filesystem;

TaskRecord task_for(const std::string& input, Job job) {
  TaskRecord task;
  task.id = "job";
  task.spec.input = input;
  task.spec.job = std::move(job);
  return task;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Bad names are refused before the input is opened (the input here does not even exist).
TEST(EngineJobRunner, RefusesUnsafeNamesBeforeAnyMediaWork) {
  std::string dir = testing::fresh_dir();
  EngineJobRunner runner;
  std::atomic<bool> cancel{false};
  struct Case {
    JobKind kind;
    const char* pattern;
    const char* vtt;
  };
  for (const Case& c : {Case{JobKind::kSnapshot, "../{n}.jpg", ""}, Case{JobKind::kSample, "a/{n}.jpg", ""},
                        Case{JobKind::kSnapshot, "{q}.jpg", ""}, Case{JobKind::kSprite, "{n}.jpg", "../x.vtt"},
                        Case{JobKind::kSprite, "{n}.jpg", "a/b.vtt"}}) {
    Job job;
    job.kind = c.kind;
    job.snapshot.times = {{1, false}};
    job.name_pattern = c.pattern;
    job.vtt_name = c.vtt;
    auto result = runner.run(task_for(dir + "/missing.mp4", job), dir + "/out", {}, cancel);
    ASSERT_FALSE(result) << c.pattern << " " << c.vtt;
    EXPECT_EQ(result.error().code, engine::Errc::kInvalidArgument) << result.error().message;
  }
  EXPECT_FALSE(fs::exists(dir + "/out"));
}

TEST(EngineJobRunner, MissingInputIsTheEnginesError) {
  std::string dir = testing::fresh_dir();
  EngineJobRunner runner;
  std::atomic<bool> cancel{false};
  Job job;
  job.snapshot.times = {{1, false}};
  auto result = runner.run(task_for(dir + "/missing.mp4", job), dir + "/out", {}, cancel);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, engine::Errc::kNotFound) << result.error().message;
}

// Remote inputs connect where the runner's policy allows, and stall out after its idle timeout.
TEST(EngineJobRunnerClip, RemoteInputsFollowTheOutboundOptions) {
  const fs::path clip(tg::testing::clip_path(tg::testing::ClipKind::kH264Short));
  tg::testing::RangeFileServer origin(clip.parent_path().string());
  const std::string url = origin.base_url() + "/" + clip.filename().string();
  const std::string dir = testing::fresh_dir();
  Job job;
  job.snapshot.times = {{1, false}};
  std::atomic<bool> cancel{false};

  EngineJobRunner public_only;
  auto refused = public_only.run(task_for(url, job), dir + "/a", {}, cancel);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, engine::Errc::kForbidden) << refused.error().message;
  EXPECT_EQ(origin.connections(), 0);

  EngineJobRunner::Options options;
  options.policy = *AddressPolicy::from_allow_list({"127.0.0.1"});
  options.idle_timeout = std::chrono::milliseconds(300);
  EngineJobRunner allowed(options);
  auto made = allowed.run(task_for(url, job), dir + "/b", {}, cancel);
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(made->size(), 1u);

  tg::testing::TrickleServer trickle(std::chrono::seconds(2));
  std::atomic<bool> watchdog{false};
  std::thread guard([&] {
    // Bounded: a transfer the idle timeout did not stop is cancelled (and the test fails on kCancelled).
    for (int i = 0; i < 400 && !watchdog; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    cancel = true;
  });
  auto stalled = allowed.run(task_for(trickle.url(), job), dir + "/c", {}, cancel);
  watchdog = true;
  guard.join();
  ASSERT_FALSE(stalled);
  EXPECT_EQ(stalled.error().code, engine::Errc::kTimeout) << stalled.error().message;
}

// End to end with the real engine on a generated clip.
TEST(EngineJobRunnerClip, SnapshotWritesNamedImages) {
  std::string clip = tg::testing::clip_path(tg::testing::ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  std::string out = testing::fresh_dir() + "/out";
  Job job;
  job.kind = JobKind::kSnapshot;
  job.snapshot.times = {{1.5, false}, {50, true}};
  job.snapshot.image.width = 160;
  job.name_pattern = "shot_{n}_{ms}.jpg";
  EngineJobRunner runner;
  std::atomic<bool> cancel{false};
  int last_progress = -1;
  auto result = runner.run(task_for(clip, job), out, [&](int p) { last_progress = p; }, cancel);
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->size(), 2u);
  EXPECT_EQ((*result)[0].name, "shot_0_1500.jpg");
  EXPECT_EQ((*result)[0].kind, "image");
  EXPECT_EQ((*result)[0].offset_ms, 1500);
  EXPECT_EQ((*result)[0].width, 160);
  EXPECT_EQ((*result)[0].height, 120);
  EXPECT_EQ((*result)[1].offset_ms, 3000);  // 50 % of 6 s
  EXPECT_EQ((*result)[1].name, "shot_1_3000.jpg");
  for (const TaskOutput& output : *result) {
    EXPECT_GT(fs::file_size(out + "/" + output.name), 100u) << output.name;
  }
  EXPECT_GE(last_progress, 90);
}

TEST(EngineJobRunnerClip, SampleWritesEveryImage) {
  std::string clip = tg::testing::clip_path(tg::testing::ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  std::string out = testing::fresh_dir() + "/out";
  Job job;
  job.kind = JobKind::kSample;
  job.sample.interval = 2;
  job.sample.image.width = 80;
  job.name_pattern = "s{s}.jpg";
  EngineJobRunner runner;
  std::atomic<bool> cancel{false};
  auto result = runner.run(task_for(clip, job), out, {}, cancel);
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_GE(result->size(), 3u);
  EXPECT_EQ((*result)[0].name, "s0.jpg");
  EXPECT_EQ((*result)[1].name, "s2.jpg");
  EXPECT_EQ((*result)[1].offset_ms, 2000);
  for (const TaskOutput& output : *result) EXPECT_TRUE(fs::exists(out + "/" + output.name)) << output.name;
}

TEST(EngineJobRunnerClip, SpriteWritesPagesAndAVttNamingThem) {
  std::string clip = tg::testing::clip_path(tg::testing::ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  std::string out = testing::fresh_dir() + "/out";
  Job job;
  job.kind = JobKind::kSprite;
  job.sprite.sampling.interval = 1;
  job.sprite.columns = 2;
  job.sprite.rows = 2;
  job.sprite.cell_width = 64;
  job.sprite.cell_height = 36;
  job.name_pattern = "sheet_{n}.jpg";
  job.vtt_name = "thumbs.vtt";
  EngineJobRunner runner;
  std::atomic<bool> cancel{false};
  auto result = runner.run(task_for(clip, job), out, {}, cancel);
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_GE(result->size(), 3u);  // 6 tiles on 4-tile pages: 2 pages, then the vtt
  EXPECT_EQ((*result)[0].name, "sheet_1.jpg");
  EXPECT_EQ((*result)[0].kind, "sprite");
  EXPECT_EQ((*result)[0].width, 128);
  EXPECT_EQ((*result)[0].height, 72);
  EXPECT_EQ((*result)[1].name, "sheet_2.jpg");
  EXPECT_EQ(result->back().name, "thumbs.vtt");
  EXPECT_EQ(result->back().kind, "vtt");
  std::string vtt = read_text(out + "/thumbs.vtt");
  EXPECT_EQ(vtt.rfind("WEBVTT", 0), 0u);
  EXPECT_NE(vtt.find("sheet_1.jpg#xywh=0,0,64,36"), std::string::npos) << vtt;
  EXPECT_NE(vtt.find("sheet_2.jpg#xywh="), std::string::npos) << vtt;
  EXPECT_EQ(vtt.find('/'), std::string::npos) << vtt;  // page names only, relative to the vtt
}

TEST(EngineJobRunnerClip, RaisedCancelStopsTheJob) {
  std::string clip = tg::testing::clip_path(tg::testing::ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  std::string out = testing::fresh_dir() + "/out";
  Job job;
  job.kind = JobKind::kSample;
  job.sample.interval = 0.5;
  EngineJobRunner runner;
  std::atomic<bool> cancel{true};
  auto result = runner.run(task_for(clip, job), out, {}, cancel);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, engine::Errc::kCancelled) << result.error().message;
}

}  // namespace
}  // namespace tg::tasks
