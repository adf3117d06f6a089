#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "core/logger.hpp"
#include "support/clips.hpp"
#include "support/closed_port.hpp"
#include "support/range_file_server.hpp"
#include "support/trickle_server.hpp"
#include "task_test_support.hpp"
#include "tasks/engine_job_runner.hpp"
#include "tasks/media_resolver.hpp"

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
    JobParams params;
    const char* pattern;
    const char* vtt;
  };
  for (const Case& c : {Case{SnapshotJob{}, "../{n}.jpg", ""}, Case{SampleJob{}, "a/{n}.jpg", ""},
                        Case{SnapshotJob{}, "{q}.jpg", ""}, Case{SpriteJob{}, "{n}.jpg", "../x.vtt"},
                        Case{SpriteJob{}, "{n}.jpg", "a/b.vtt"}}) {
    Job job;
    job.params = c.params;
    if (auto* snapshot = std::get_if<SnapshotJob>(&job.params)) snapshot->times = {RequestedTime::at_ms(1000)};
    if (auto* sprite = std::get_if<SpriteJob>(&job.params)) sprite->vtt_name = c.vtt;
    job.name_pattern = c.pattern;
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
  job.as<SnapshotJob>().times = {RequestedTime::at_ms(1000)};
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
  job.as<SnapshotJob>().times = {RequestedTime::at_ms(1000)};
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

// Captures the log records written while it lives.
class LogCapture {
 public:
  LogCapture() {
    previous_ = set_log_sink([this](const LogRecord& r) {
      std::lock_guard lock(mutex_);
      records_.push_back(r);
    });
  }
  ~LogCapture() { set_log_sink(previous_); }
  std::vector<LogRecord> records() const {
    std::lock_guard lock(mutex_);
    return records_;
  }

 private:
  LogSink previous_;
  mutable std::mutex mutex_;
  std::vector<LogRecord> records_;
};

std::string field(const LogRecord& record, const std::string& name) {
  for (const auto& [key, value] : record.fields) {
    if (key == name) return value;
  }
  return "";
}

TEST(EngineJobRunner, FailureNamesTheFileIdAndLogsWhereOnce) {
  std::string dir = testing::fresh_dir();
  EngineJobRunner runner;
  std::atomic<bool> cancel{false};
  Job job;
  job.as<SnapshotJob>().times = {RequestedTime::at_ms(1000)};
  TaskRecord task = task_for(dir + "/missing.mp4", job);
  task.spec.source_id = "videos/a.mp4";
  task.spec.app_id = "1234567";
  task.spec.vendor = "tencent";
  LogCapture log;
  auto result = runner.run(task, dir + "/out", {}, cancel);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, engine::Errc::kNotFound);
  EXPECT_EQ(result.error().message.rfind("videos/a.mp4: ", 0), 0u) << result.error().message;
  EXPECT_EQ(result.error().message.find(dir), std::string::npos) << result.error().message;
  auto records = log.records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(field(records[0], "task_id"), "job");
  EXPECT_EQ(field(records[0], "app"), "1234567");
  EXPECT_EQ(field(records[0], "vendor"), "tencent");
  EXPECT_EQ(field(records[0], "code"), "not_found");
  EXPECT_NE(field(records[0], "detail").find(dir + "/missing.mp4"), std::string::npos);
}

TEST(EngineJobRunner, CredentialsInAnInputUrlNeverReachTheMessageOrTheLog) {
  EngineJobRunner runner;
  std::atomic<bool> cancel{false};
  Job job;
  job.as<SnapshotJob>().times = {RequestedTime::at_ms(1000)};
  const std::string port = std::to_string(tg::testing::closed_port());
  TaskRecord task = task_for("http://admin:s3cr3tP4ss@127.0.0.1:" + port + "/x.mp4?token=abc", job);
  task.spec.source_id = "remote-clip";
  LogCapture log;
  auto result = runner.run(task, testing::fresh_dir() + "/out", {}, cancel);
  ASSERT_FALSE(result);
  const std::string& message = result.error().message;
  EXPECT_EQ(message.rfind("remote-clip: ", 0), 0u) << message;
  for (const char* secret : {"s3cr3tP4ss", "token", "127.0.0.1", "refused"}) {
    EXPECT_EQ(message.find(secret), std::string::npos) << secret << " in " << message;
  }
  auto records = log.records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(field(records[0], "input"), "http://***@127.0.0.1:" + port + "/x.mp4?token=***");
  for (const auto& [key, value] : records[0].fields) {
    EXPECT_EQ(value.find("s3cr3tP4ss"), std::string::npos) << key << ": " << value;
    EXPECT_EQ(value.find("abc"), std::string::npos) << key << ": " << value;
  }
}

// The media root given to the runner confines the engine's open: a folder resolved under the root and then
// swapped for a symlink leading out of it is refused, though the file it leads to is a good clip.
TEST(EngineJobRunnerClip, LocalInputsAreOpenedConfinedToTheMediaRoot) {
  const std::string clip = tg::testing::clip_path(tg::testing::ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  const std::string dir = testing::fresh_dir();
  fs::create_directories(dir + "/media/videos");
  fs::create_directories(dir + "/outside");
  fs::copy_file(clip, dir + "/media/videos/a.mp4");
  fs::copy_file(clip, dir + "/outside/a.mp4");
  auto store = testing::open_store(dir);
  ASSERT_TRUE(store);
  MediaResolver resolver(*store, dir + "/media");
  auto input = resolver.resolve_file_id("videos/a.mp4");
  ASSERT_TRUE(input);

  Job job;
  job.as<SnapshotJob>().times = {RequestedTime::at_ms(1000)};
  EngineJobRunner runner({.media_root = resolver.media_root()});
  std::atomic<bool> cancel{false};
  ASSERT_TRUE(runner.run(task_for(*input, job), dir + "/out1", {}, cancel));

  fs::remove_all(dir + "/media/videos");
  fs::create_directory_symlink(dir + "/outside", dir + "/media/videos");
  auto swapped = runner.run(task_for(*input, job), dir + "/out2", {}, cancel);
  ASSERT_FALSE(swapped);
  EXPECT_EQ(swapped.error().code, engine::Errc::kForbidden) << swapped.error().message;
}

// End to end with the real engine on a generated clip.
TEST(EngineJobRunnerClip, SnapshotWritesNamedImages) {
  std::string clip = tg::testing::clip_path(tg::testing::ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  std::string out = testing::fresh_dir() + "/out";
  Job job;
  job.params = SnapshotJob{};
  job.as<SnapshotJob>().times = {RequestedTime::at_ms(1500), RequestedTime::at_percent(50)};
  job.as<SnapshotJob>().image.width = 160;
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

// Each image carries the request index and requested milliseconds the engine reported for it, and the time of
// the frame it used, whatever order the engine visited the times in.
TEST(EngineJobRunnerClip, SnapshotOutputsCarryTheirRequestIndexAndFrameTime) {
  std::string clip = tg::testing::clip_path(tg::testing::ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  std::string out = testing::fresh_dir() + "/out";
  Job job;
  job.params = SnapshotJob{{RequestedTime::at_ms(4001), RequestedTime::at_ms(500), RequestedTime::at_ms(2500)}};
  job.as<SnapshotJob>().image.width = 64;
  job.name_pattern = "{n}_{ms}.jpg";
  EngineJobRunner runner;
  std::atomic<bool> cancel{false};
  auto result = runner.run(task_for(clip, job), out, {}, cancel);
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->size(), 3u);
  const int64_t asked[] = {4001, 500, 2500};
  for (size_t i = 0; i < 3; ++i) {
    const TaskOutput& output = (*result)[i];
    EXPECT_EQ(output.index, static_cast<int>(i));
    EXPECT_EQ(output.offset_ms, asked[i]);
    EXPECT_EQ(output.name, std::to_string(i) + "_" + std::to_string(asked[i]) + ".jpg");
    EXPECT_GE(output.frame_ms, 0) << output.name;
    EXPECT_LE(std::abs(output.frame_ms - asked[i]), 200) << output.name << " used the frame at " << output.frame_ms;
  }
}

TEST(EngineJobRunnerClip, SampleWritesEveryImage) {
  std::string clip = tg::testing::clip_path(tg::testing::ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  std::string out = testing::fresh_dir() + "/out";
  Job job;
  job.params = SampleJob{};
  job.as<SampleJob>().request.interval = 2;
  job.as<SampleJob>().request.image.width = 80;
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
  job.params = SpriteJob{};
  job.as<SpriteJob>().request.sampling.interval = 1;
  job.as<SpriteJob>().request.columns = 2;
  job.as<SpriteJob>().request.rows = 2;
  job.as<SpriteJob>().request.cell_width = 64;
  job.as<SpriteJob>().request.cell_height = 36;
  job.name_pattern = "sheet_{n}.jpg";
  job.as<SpriteJob>().vtt_name = "thumbs.vtt";
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
  // What the engine reported is kept with the outputs: tiles per page, cues in the index.
  int cues = 0;
  for (size_t at = vtt.find("-->"); at != std::string::npos; at = vtt.find("-->", at + 3)) ++cues;
  EXPECT_EQ(result->back().entries, cues);
  int tiles = 0;
  for (const TaskOutput& output : *result) {
    if (output.kind == "sprite") tiles += output.entries;
  }
  EXPECT_EQ(tiles, cues);
  EXPECT_EQ((*result)[0].entries, 4);
  EXPECT_EQ((*result)[1].index, 1);
}

TEST(EngineJobRunnerClip, RaisedCancelStopsTheJob) {
  std::string clip = tg::testing::clip_path(tg::testing::ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  std::string out = testing::fresh_dir() + "/out";
  Job job;
  job.params = SampleJob{};
  job.as<SampleJob>().request.interval = 0.5;
  EngineJobRunner runner;
  std::atomic<bool> cancel{true};
  auto result = runner.run(task_for(clip, job), out, {}, cancel);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, engine::Errc::kCancelled) << result.error().message;
}

// Writes the first `good` files for real, then fails every write with `os_errno`.
OutputFileWriter failing_after(int good, int os_errno) {
  auto written = std::make_shared<int>(0);
  return [=](const std::string& dir, const std::string& name, std::string_view data) -> tg::Result<Ok, FileError> {
    if ((*written)++ < good) return write_file_atomically(dir, name, data);
    return tg::unexpected(FileError{os_errno, "cannot write " + dir + "/" + name + ": " + std::strerror(os_errno)});
  };
}

TEST(EngineJobRunnerClip, FullDiskFailsTheJobClearlyAndLeavesNoPartialOutputs) {
  std::string clip = tg::testing::clip_path(tg::testing::ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  std::string out = testing::fresh_dir() + "/out";
  Job job;
  job.params = SampleJob{};
  job.as<SampleJob>().request.interval = 1;
  job.as<SampleJob>().request.image.width = 64;
  for (int os_errno : {ENOSPC, EDQUOT, EFBIG}) {
    EngineJobRunner runner({.write_file = failing_after(2, os_errno)});
    std::atomic<bool> cancel{false};
    auto result = runner.run(task_for(clip, job), out, {}, cancel);
    ASSERT_FALSE(result) << os_errno;
    EXPECT_EQ(result.error().code, engine::Errc::kNoSpace) << result.error().message;
    EXPECT_EQ(result.error().message, "no space left for the outputs");  // no server path
    EXPECT_FALSE(fs::exists(out)) << "the two images written before the disk filled up are left behind";
  }
}

TEST(EngineJobRunnerClip, OutOfDescriptorsWhileWritingIsATransientError) {
  std::string clip = tg::testing::clip_path(tg::testing::ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  std::string out = testing::fresh_dir() + "/out";
  Job job;
  job.as<SnapshotJob>().times = {RequestedTime::at_ms(1000)};
  EngineJobRunner runner({.write_file = failing_after(0, EMFILE)});
  std::atomic<bool> cancel{false};
  auto result = runner.run(task_for(clip, job), out, {}, cancel);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, engine::Errc::kUnavailable) << result.error().message;
}

TEST(EngineJobRunnerClip, AnIntervalJobFailsAtTheImageCapAndLeavesNoImages) {
  std::string clip = tg::testing::clip_path(tg::testing::ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  std::string out = testing::fresh_dir() + "/out";
  Job job;
  job.params = SampleJob{};
  job.as<SampleJob>().request.interval = 1;  // 6 s: 6 images
  job.as<SampleJob>().request.image.width = 64;
  std::atomic<bool> cancel{false};
  EngineJobRunner capped({.limits = {.max_images = 3}});
  auto result = capped.run(task_for(clip, job), out, {}, cancel);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, engine::Errc::kTooLarge);
  EXPECT_EQ(result.error().message, "the task makes more than 3 images, the most one task may make");
  EXPECT_FALSE(fs::exists(out));
  EngineJobRunner roomy({.limits = {.max_images = 6}});
  auto whole = roomy.run(task_for(clip, job), out, {}, cancel);
  ASSERT_TRUE(whole) << whole.error().message;
  EXPECT_EQ(whole->size(), 6u);
}

TEST(EngineJobRunnerClip, TimePointsBeyondTheImageCapAreRefusedBeforeAnyMediaWork) {
  std::string dir = testing::fresh_dir();
  Job job;
  job.as<SnapshotJob>().times = {RequestedTime::at_ms(1000), RequestedTime::at_ms(2000), RequestedTime::at_ms(3000)};
  EngineJobRunner runner({.limits = {.max_images = 2}});
  std::atomic<bool> cancel{false};
  auto result = runner.run(task_for(dir + "/missing.mp4", job), dir + "/out", {}, cancel);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, engine::Errc::kTooLarge) << result.error().message;
}

TEST(EngineJobRunnerClip, OutputsOverTheByteBudgetFailTheJobAndLeaveNoFiles) {
  std::string clip = tg::testing::clip_path(tg::testing::ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  std::string out = testing::fresh_dir() + "/out";
  Job job;
  job.params = SampleJob{};
  job.as<SampleJob>().request.interval = 1;
  std::atomic<bool> cancel{false};
  auto whole = EngineJobRunner().run(task_for(clip, job), out, {}, cancel);
  ASSERT_TRUE(whole) << whole.error().message;
  int64_t total = 0;
  for (const TaskOutput& output : *whole) total += static_cast<int64_t>(fs::file_size(out + "/" + output.name));
  fs::remove_all(out);

  EngineJobRunner budget({.limits = {.max_bytes = total - 1}});
  auto result = budget.run(task_for(clip, job), out, {}, cancel);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, engine::Errc::kTooLarge);
  EXPECT_NE(result.error().message.find("more than " + std::to_string(total - 1) + " bytes"), std::string::npos)
      << result.error().message;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(EngineJobRunner({.limits = {.max_bytes = total}}).run(task_for(clip, job), out, {}, cancel));
}

}  // namespace
}  // namespace tg::tasks
