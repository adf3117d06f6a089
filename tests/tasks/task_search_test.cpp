#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "store_backends.hpp"

// SqliteTaskStore's search as the admin console pages it: by source, and by keyset cursor over many rows.

namespace tg::tasks {
namespace {

using testing::sample_spec;

constexpr int64_t kT0 = 1'700'000'000'000;

template <class Backend>
class TaskSearch : public testing::StoreTest<Backend> {};
TYPED_TEST_SUITE(TaskSearch, testing::StoreBackends, testing::StoreBackendNames);

std::vector<std::string> ids_of(const StoreResult<std::vector<TaskRecord>>& records) {
  EXPECT_TRUE(records) << records.error().message;
  std::vector<std::string> out;
  if (records) {
    for (const TaskRecord& r : *records) out.push_back(r.id);
  }
  return out;
}

TYPED_TEST(TaskSearch, SourceMatchesTheClientsFileIdOrTheInput) {
  auto store = this->open();
  ASSERT_TRUE(store);
  TaskSpec by_id = sample_spec();
  by_id.source_id = "videos/a.mp4";
  by_id.input = "/media/videos/a.mp4";
  TaskSpec by_url = sample_spec();
  by_url.source_id = "";
  by_url.input = "https://cdn.example.com/a.mp4";
  TaskSpec other = sample_spec();
  other.source_id = "videos/b.mp4";
  other.input = "/media/videos/b.mp4";
  ASSERT_TRUE(store->create("id", by_id, kT0));
  ASSERT_TRUE(store->create("url", by_url, kT0 + 1));
  ASSERT_TRUE(store->create("other", other, kT0 + 2));

  EXPECT_EQ(ids_of(store->list({.source = "videos/a.mp4"})), (std::vector<std::string>{"id"}));
  EXPECT_EQ(ids_of(store->list({.source = "/media/videos/a.mp4"})), (std::vector<std::string>{"id"}));
  EXPECT_EQ(ids_of(store->list({.source = "https://cdn.example.com/a.mp4"})), (std::vector<std::string>{"url"}));
  EXPECT_EQ(*store->count({.source = "videos/b.mp4"}), 1);
  // Exact matches only: no prefix, no pattern.
  EXPECT_TRUE(ids_of(store->list({.source = "videos/"})).empty());
  EXPECT_TRUE(ids_of(store->list({.source = "videos/%"})).empty());
  EXPECT_EQ(*store->count({.source = "%"}), 0);
  // With the other filters.
  EXPECT_EQ(ids_of(store->list({.app_id = "app-1", .source = "videos/a.mp4"})), (std::vector<std::string>{"id"}));
  EXPECT_TRUE(ids_of(store->list({.app_id = "app-2", .source = "videos/a.mp4"})).empty());
}

TYPED_TEST(TaskSearch, ACursorContinuesAfterItsRowInEitherOrder) {
  auto store = this->open();
  ASSERT_TRUE(store);
  // Three share a creation time: the id breaks the tie.
  ASSERT_TRUE(store->create("a", sample_spec(), kT0));
  ASSERT_TRUE(store->create("c", sample_spec(), kT0 + 1));
  ASSERT_TRUE(store->create("b", sample_spec(), kT0 + 1));
  ASSERT_TRUE(store->create("d", sample_spec(), kT0 + 1));
  ASSERT_TRUE(store->create("e", sample_spec(), kT0 + 2));

  EXPECT_EQ(ids_of(store->list({})), (std::vector<std::string>{"e", "d", "c", "b", "a"}));
  EXPECT_EQ(ids_of(store->list({.after_created_ms = kT0 + 1, .after_id = "c"})),
            (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(*store->count({.after_created_ms = kT0 + 1, .after_id = "c"}), 2);
  EXPECT_EQ(ids_of(store->list({.newest_first = false, .after_created_ms = kT0 + 1, .after_id = "c"})),
            (std::vector<std::string>{"d", "e"}));
  EXPECT_EQ(*store->count({.newest_first = false, .after_created_ms = kT0 + 1, .after_id = "c"}), 2);
  // A cursor row that no longer exists still places the page.
  EXPECT_EQ(ids_of(store->list({.after_created_ms = kT0 + 1, .after_id = "bb"})), (std::vector<std::string>{"b", "a"}));
  // Past the end: nothing.
  EXPECT_TRUE(ids_of(store->list({.after_created_ms = kT0, .after_id = "a"})).empty());
  // after_id empty: the first page, whatever after_created_ms says.
  EXPECT_EQ(ids_of(store->list({.limit = 1, .after_created_ms = kT0})), (std::vector<std::string>{"e"}));
}

// Pages of 100 through every row, newest or oldest first, with or without a filter: each row once, in order.
void expect_pages_visit_each_once(TaskStore& store, TaskQuery query, const std::set<std::string>& expected) {
  query.limit = 100;
  std::set<std::string> seen;
  int64_t last_created = 0;
  std::string last_id;
  size_t pages = 0;
  for (;;) {
    auto page = store.list(query);
    ASSERT_TRUE(page) << page.error().message;
    auto remaining = store.count(query);
    ASSERT_TRUE(remaining);
    EXPECT_EQ(*remaining, static_cast<int64_t>(expected.size() - seen.size()));
    if (page->empty()) break;
    ++pages;
    ASSERT_LE(page->size(), 100u);
    for (const TaskRecord& task : *page) {
      if (!last_id.empty()) {
        const bool tie = task.created_ms == last_created;
        const bool after = query.newest_first ? (task.created_ms < last_created || (tie && task.id < last_id))
                                              : (task.created_ms > last_created || (tie && task.id > last_id));
        ASSERT_TRUE(after) << task.id << " comes after " << last_id;
      }
      ASSERT_TRUE(seen.insert(task.id).second) << task.id << " seen twice";
      last_created = task.created_ms;
      last_id = task.id;
    }
    query.after_created_ms = page->back().created_ms;
    query.after_id = page->back().id;
    ASSERT_LE(pages, expected.size() / 100 + 2) << "paging does not end";
  }
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(pages, (expected.size() + 99) / 100);
}

TYPED_TEST(TaskSearch, KeysetPagesVisitTenThousandRowsEachOnceWithTiedCreationTimes) {
  auto store = this->open();
  ASSERT_TRUE(store);
  constexpr int kRows = 10'050;
  std::set<std::string> all;
  std::set<std::string> of_app_b;
  for (int i = 0; i < kRows; ++i) {
    // Ids out of creation order (a multiplicative scramble), seven rows per millisecond.
    const std::string id = "task-" + std::to_string((static_cast<int64_t>(i) * 7'919) % 100'003);
    const bool app_b = i % 3 == 0;
    TaskSpec spec = sample_spec(app_b ? "app-b" : "app-a");
    ASSERT_TRUE(store->create(id, spec, kT0 + i / 7)) << id;
    all.insert(id);
    if (app_b) of_app_b.insert(id);
  }
  ASSERT_EQ(all.size(), static_cast<size_t>(kRows));
  expect_pages_visit_each_once(*store, TaskQuery{}, all);
  expect_pages_visit_each_once(*store, TaskQuery{.newest_first = false}, all);
  expect_pages_visit_each_once(*store, TaskQuery{.app_id = "app-b"}, of_app_b);
  expect_pages_visit_each_once(*store, TaskQuery{.app_id = "app-b", .newest_first = false}, of_app_b);
}

}  // namespace
}  // namespace tg::tasks
