// Jobs that ask for one tar archive of their images (Job::archive_name).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/clips.hpp"
#include "support/tar_listing.hpp"
#include "task_test_support.hpp"
#include "tasks/engine_job_runner.hpp"

namespace tg::tasks {
namespace {

namespace fs = std::filesystem;

TaskRecord sample_task(const std::string& input, const std::string& archive) {
  TaskRecord task;
  task.id = "tar";
  task.spec.input = input;
  SampleJob sample;
  sample.request.interval = 2;
  sample.request.image.width = 160;
  task.spec.job.params = sample;
  task.spec.job.name_pattern = "pic_{s}.jpg";
  task.spec.job.archive_name = archive;
  return task;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(EngineJobRunnerArchive, ImagesGoIntoOneTarWithTheSameBytesAsSeparateFiles) {
  const std::string clip = tg::testing::clip_path(tg::testing::ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  const std::string dir = testing::fresh_dir();
  EngineJobRunner runner;
  std::atomic<bool> cancel{false};
  auto archived = runner.run(sample_task(clip, "all.tar"), dir + "/tar", {}, cancel);
  ASSERT_TRUE(archived) << archived.error().message;
  auto separate = runner.run(sample_task(clip, ""), dir + "/files", {}, cancel);
  ASSERT_TRUE(separate) << separate.error().message;

  // 6 s every 2 s: 0, 2, 4; then the archive itself.
  ASSERT_EQ(archived->size(), 4u);
  EXPECT_EQ(archived->back().name, "all.tar");
  EXPECT_EQ(archived->back().kind, "tar");
  EXPECT_EQ(archived->back().entries, 3);
  std::vector<std::string> on_disk;
  for (const auto& item : fs::directory_iterator(dir + "/tar")) on_disk.push_back(item.path().filename().string());
  EXPECT_EQ(on_disk, std::vector<std::string>{"all.tar"});

  std::string error;
  auto entries = tg::testing::read_tar(dir + "/tar/all.tar", &error);
  ASSERT_EQ(entries.size(), 3u) << error;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].name, (*separate)[i].name);
    EXPECT_EQ(entries[i].name, (*archived)[i].name);
    EXPECT_EQ(entries[i].data, read_bytes(dir + "/files/" + (*separate)[i].name)) << entries[i].name;
  }
}

TEST(EngineJobRunnerArchive, AFailedJobLeavesNoArchive) {
  const std::string dir = testing::fresh_dir();
  EngineJobRunner runner;
  std::atomic<bool> cancel{false};
  auto failed = runner.run(sample_task(dir + "/absent.mp4", "all.tar"), dir + "/out", {}, cancel);
  ASSERT_FALSE(failed);
  EXPECT_FALSE(fs::exists(dir + "/out")) << "the empty folder is removed as well";
}

TEST(EngineJobRunnerArchive, ArchiveNameMustBeAPlainFileName) {
  const std::string dir = testing::fresh_dir();
  EngineJobRunner runner;
  std::atomic<bool> cancel{false};
  for (const char* bad : {"../x.tar", "a/b.tar", ".."}) {
    auto refused = runner.run(sample_task(dir + "/absent.mp4", bad), dir + "/out", {}, cancel);
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().code, engine::Errc::kInvalidArgument) << bad;
  }
  EXPECT_FALSE(fs::exists(dir + "/x.tar"));
}

}  // namespace
}  // namespace tg::tasks
