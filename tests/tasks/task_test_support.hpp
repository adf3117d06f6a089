#pragma once
// Shared pieces of the tasks suite: a fresh scratch folder per test, an opened store, a sample spec.

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "support/clips.hpp"
#include "tasks/sqlite_task_store.hpp"

namespace tg::tasks::testing {

/// An empty folder under the build tree named after the running test.
inline std::string fresh_dir(const std::string& part = "") {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = std::string(info->test_suite_name()) + "." + info->name();
  if (!part.empty()) name += "." + part;  // another folder for the same test
  for (char& c : name) {
    if (c == '/') c = '_';  // parameterised test names
  }
  std::filesystem::path dir = tg::testing::work_dir("tasks/" + name);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::create_directories(dir, ec);
  return dir.string();
}

/// A store on a new database file in `dir`; fails the test when it cannot be opened.
inline std::unique_ptr<SqliteTaskStore> open_store(const std::string& dir) {
  auto store = SqliteTaskStore::open(dir + "/tasks.db");
  if (!store) {
    ADD_FAILURE() << store.error().message;
    return nullptr;
  }
  return std::move(*store);
}

inline TaskSpec sample_spec(const std::string& app_id = "app-1") {
  TaskSpec spec;
  spec.app_id = app_id;
  spec.api = "zego";
  spec.vendor = "tencent";
  spec.type = "SnapshotByTimeOffset";
  spec.source_id = "videos/a.mp4";
  spec.input = "/media/videos/a.mp4";
  spec.job.params = SnapshotJob{};
  spec.job.as<SnapshotJob>().times = {RequestedTime::at_ms(1500), RequestedTime::at_percent(50)};
  spec.job.as<SnapshotJob>().image.width = 320;
  spec.job.name_pattern = "shot_{ms}.jpg";
  spec.callback_url = "http://127.0.0.1:9/cb";
  spec.extra = R"({"template":"t1"})";
  return spec;
}

}  // namespace tg::tasks::testing
