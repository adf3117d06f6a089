#include "tasks/cue_count_backfill.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>

#include "task_test_support.hpp"

namespace tg::tasks {
namespace {

using testing::fresh_dir;
using testing::open_store;
using testing::sample_spec;

constexpr int64_t kT0 = 1'700'000'000'000;

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// Rewrites a task's stored outputs as a gateway that did not record cue counts wrote them.
void store_outputs_as_before(const std::string& db_path, const std::string& id, const std::string& outputs_json) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "UPDATE tasks SET outputs = ?1 WHERE id = ?2", -1, &stmt, nullptr), SQLITE_OK);
  sqlite3_bind_text(stmt, 1, outputs_json.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(stmt, 2, id.c_str(), -1, SQLITE_TRANSIENT);
  EXPECT_EQ(sqlite3_step(stmt), SQLITE_DONE);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

// A SUCCEEDED task with a sprite page and an index, finished by "w".
std::string finished_sprite_task(SqliteTaskStore& store, const std::string& id) {
  EXPECT_TRUE(store.create(id, sample_spec(), kT0));
  EXPECT_TRUE(store.claim("w", kT0, 30000));
  std::vector<TaskOutput> outputs{{.name = "sprite-1.jpg", .kind = "sprite", .width = 1420, .height = 480},
                                  {.name = "sprite.vtt", .kind = "vtt"}};
  auto done = store.complete(id, "w", outputs, kT0 + 1, std::nullopt);
  EXPECT_TRUE(done && *done);
  return id;
}

constexpr const char* kEarlierOutputs =
    R"([{"name":"sprite-1.jpg","kind":"sprite","offset_ms":0,"width":1420,"height":480},)"
    R"({"name":"sprite.vtt","kind":"vtt","offset_ms":0,"width":0,"height":0}])";

TEST(CueCountBackfill, AnIndexStoredWithoutItsCountIsCountedOnceFromItsFile) {
  const std::string dir = fresh_dir();
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  const std::string id = finished_sprite_task(*store, "sprite-task");
  store_outputs_as_before(dir + "/tasks.db", id, kEarlierOutputs);
  write_file(std::filesystem::path(dir) / "outputs" / id / "sprite.vtt",
             "WEBVTT\n\n00:00:00.000 --> 00:00:10.000\nsprite-1.jpg#xywh=0,0,142,80\n\n"
             "00:00:10.000 --> 00:00:20.000\nsprite-1.jpg#xywh=142,0,142,80\n\n"
             "00:00:20.000 --> 00:00:30.000\nsprite-1.jpg#xywh=284,0,142,80\n");

  auto before = store->get(id);
  ASSERT_TRUE(before && *before);
  EXPECT_EQ((*before)->outputs[1].entries, kEntriesNotRecorded);

  auto counted = backfill_cue_counts(*store, dir + "/outputs");
  ASSERT_TRUE(counted) << counted.error().message;
  EXPECT_EQ(*counted, 1);
  auto after = store->get(id);
  ASSERT_TRUE(after && *after);
  EXPECT_EQ((*after)->outputs[1].entries, 3);
  EXPECT_EQ((*after)->outputs[0].name, "sprite-1.jpg");

  // Once stored, nothing is left to count: a second start reads no file.
  std::filesystem::remove(std::filesystem::path(dir) / "outputs" / id / "sprite.vtt");
  auto again = backfill_cue_counts(*store, dir + "/outputs");
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);
  EXPECT_EQ((*store->get(id))->outputs[1].entries, 3);
}

TEST(CueCountBackfill, AMissingIndexCountsNoCuesAndRecordedCountsAreLeftAlone) {
  const std::string dir = fresh_dir();
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  const std::string gone = finished_sprite_task(*store, "index-gone");
  store_outputs_as_before(dir + "/tasks.db", gone, kEarlierOutputs);
  const std::string recorded = finished_sprite_task(*store, "recorded");

  auto counted = backfill_cue_counts(*store, dir + "/outputs");
  ASSERT_TRUE(counted);
  EXPECT_EQ(*counted, 1);
  EXPECT_EQ((*store->get(gone))->outputs[1].entries, 0);
  EXPECT_EQ((*store->get(recorded))->outputs[1].entries, 0);
}

TEST(CueCountBackfill, ReplacingOutputsOnlyTouchesSucceededTasks) {
  const std::string dir = fresh_dir();
  auto store = open_store(dir);
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->create("queued", sample_spec(), kT0));
  auto replaced = store->replace_outputs("queued", {{.name = "x.jpg", .kind = "image"}});
  ASSERT_TRUE(replaced);
  EXPECT_FALSE(*replaced);
  EXPECT_TRUE((*store->get("queued"))->outputs.empty());
}

}  // namespace
}  // namespace tg::tasks
