#include "tasks/task_query_sql.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "task_test_support.hpp"

// The statements list() and count() run, and their query plans on the schema the migrations build: every
// search reads an index, and the pages the admin console reads most need no sort.

namespace tg::tasks {
namespace {

using testing::fresh_dir;
using testing::open_store;

constexpr int64_t kT0 = 1'700'000'000'000;

// EXPLAIN QUERY PLAN of `built` on `db`, one detail line per step.
std::vector<std::string> query_plan(SqliteDatabase& db, const TaskQuerySql& built) {
  auto prepared = db.prepare("EXPLAIN QUERY PLAN " + built.sql);
  EXPECT_TRUE(prepared) << prepared.error();
  if (!prepared) return {};
  Statement stmt(*prepared);
  for (size_t i = 0; i < built.values.size(); ++i) {
    const int index = static_cast<int>(i) + 1;
    if (const auto* text = std::get_if<std::string>(&built.values[i])) {
      stmt.bind(index, *text);
    } else {
      stmt.bind(index, std::get<int64_t>(built.values[i]));
    }
  }
  std::vector<std::string> details;
  for (;;) {
    Statement::Step step = stmt.step();
    EXPECT_NE(step, Statement::Step::kError) << stmt.error();
    if (step != Statement::Step::kRow) break;
    details.push_back(stmt.text(3));
  }
  return details;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Every step that reads tasks goes through an index; `searched`: none walks a whole index either.
void expect_indexed(const std::vector<std::string>& plan, bool searched, const std::string& label) {
  ASSERT_FALSE(plan.empty()) << label;
  bool reads_tasks = false;
  for (const std::string& step : plan) {
    if (!contains(step, " tasks")) continue;
    reads_tasks = true;
    if (step.rfind("SCAN tasks", 0) == 0) {
      EXPECT_TRUE(contains(step, "USING INDEX") || contains(step, "USING COVERING INDEX"))
          << label << ": a full table scan\n" << joined(plan);
      EXPECT_FALSE(searched) << label << ": walks a whole index\n" << joined(plan);
    } else {
      EXPECT_EQ(step.rfind("SEARCH tasks USING ", 0), 0u) << label << "\n" << joined(plan);
      EXPECT_TRUE(contains(step, "INDEX")) << label << "\n" << joined(plan);
    }
  }
  EXPECT_TRUE(reads_tasks) << label << "\n" << joined(plan);
}

bool sorts(const std::vector<std::string>& plan) {
  for (const std::string& step : plan) {
    if (contains(step, "TEMP B-TREE")) return true;
  }
  return false;
}

class TaskQueryPlans : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string dir = fresh_dir();
    store_ = open_store(dir);  // builds the schema
    ASSERT_TRUE(store_);
    auto db = SqliteDatabase::open(dir + "/tasks.db");
    ASSERT_TRUE(db) << db.error();
    db_ = std::move(*db);
  }

  std::unique_ptr<SqliteTaskStore> store_;
  std::unique_ptr<SqliteDatabase> db_;
};

struct NamedQuery {
  std::string label;
  TaskQuery query;
  bool searched;  // a filter narrows the rows: no whole-index walk
};

std::vector<NamedQuery> single_filters() {
  std::vector<NamedQuery> queries;
  queries.push_back({"no filter", TaskQuery{}, false});
  TaskQuery ids;
  ids.ids = {"a", "b", "c"};
  queries.push_back({"ids", ids, true});
  TaskQuery app;
  app.app_id = "app-1";
  queries.push_back({"app", app, true});
  TaskQuery api;
  api.api = "zego";
  queries.push_back({"api", api, true});
  TaskQuery source;
  source.source = "videos/a.mp4";
  queries.push_back({"source", source, true});
  TaskQuery status;
  status.status = TaskStatus::kFailed;
  queries.push_back({"status", status, true});
  TaskQuery window;
  window.created_from_ms = kT0;
  window.created_to_ms = kT0 + 3'600'000;
  queries.push_back({"created window", window, true});
  TaskQuery from;
  from.created_from_ms = kT0;
  queries.push_back({"created from", from, true});
  TaskQuery app_status;
  app_status.app_id = "app-1";
  app_status.status = TaskStatus::kQueued;
  queries.push_back({"app + status", app_status, true});
  return queries;
}

TEST_F(TaskQueryPlans, EveryFilterOfListReadsAnIndexNewestAndOldestFirstOnEveryPage) {
  for (NamedQuery named : single_filters()) {
    for (bool newest : {true, false}) {
      for (bool later_page : {false, true}) {
        TaskQuery query = named.query;
        query.newest_first = newest;
        if (later_page) {
          query.after_created_ms = kT0 + 500;
          query.after_id = "m";
        }
        const std::string label = named.label + (newest ? ", newest first" : ", oldest first") +
                                  (later_page ? ", after a cursor" : ", first page");
        // A later page of an unfiltered list is a search too: the cursor bounds it.
        expect_indexed(query_plan(*db_, task_list_sql(query)), named.searched || later_page, label);
      }
    }
  }
}

TEST_F(TaskQueryPlans, EveryFilterOfCountReadsAnIndex) {
  for (const NamedQuery& named : single_filters()) {
    expect_indexed(query_plan(*db_, task_count_sql(named.query)), named.searched, "count, " + named.label);
  }
}

TEST_F(TaskQueryPlans, TheConsolesCommonPagesNeedNoSort) {
  for (bool later_page : {false, true}) {
    TaskQuery newest;
    TaskQuery app;
    app.app_id = "app-1";
    TaskQuery api;
    api.api = "tencent_vod";
    TaskQuery status;
    status.status = TaskStatus::kRunning;
    TaskQuery oldest;
    oldest.newest_first = false;
    for (TaskQuery* query : {&newest, &app, &api, &status, &oldest}) {
      if (later_page) {
        query->after_created_ms = kT0;
        query->after_id = "task-9";
      }
      const auto plan = query_plan(*db_, task_list_sql(*query));
      EXPECT_FALSE(sorts(plan)) << joined(plan);
    }
  }
}

TEST(TaskQuerySql, OnlyTheGivenConditionsAreInTheStatementWithTheirValuesInOrder) {
  const TaskQuerySql plain = task_list_sql(TaskQuery{});
  EXPECT_EQ(plain.sql, std::string("SELECT ") + kTaskColumns +
                           " FROM tasks ORDER BY created_ms DESC, id DESC LIMIT ?1 OFFSET ?2");
  ASSERT_EQ(plain.values.size(), 2u);
  EXPECT_EQ(std::get<int64_t>(plain.values[0]), 50);
  EXPECT_EQ(std::get<int64_t>(plain.values[1]), 0);

  TaskQuery query;
  query.ids = {"x", "y"};
  query.app_id = "app";
  query.api = "zego";
  query.source = "clip.mp4";
  query.status = TaskStatus::kSucceeded;
  query.created_from_ms = 10;
  query.created_to_ms = 20;
  query.after_created_ms = 15;
  query.after_id = "k";
  query.newest_first = false;
  query.limit = 5000;  // capped
  query.offset = -3;   // none
  const TaskQuerySql all = task_list_sql(query);
  EXPECT_EQ(all.sql, std::string("SELECT ") + kTaskColumns +
                         " FROM tasks WHERE id IN (?1, ?2) AND app_id = ?3 AND api = ?4 AND (source_id = ?5 OR "
                         "input = ?5) AND status = ?6 AND created_ms >= ?7 AND created_ms < ?8 AND (created_ms, id) > "
                         "(?9, ?10) ORDER BY created_ms, id LIMIT ?11 OFFSET ?12");
  const std::vector<TaskQuerySql::Value> expected{
      std::string("x"), std::string("y"), std::string("app"), std::string("zego"), std::string("clip.mp4"),
      std::string("SUCCEEDED"), int64_t{10}, int64_t{20}, int64_t{15}, std::string("k"), int64_t{kMaxListLimit},
      int64_t{0}};
  EXPECT_EQ(all.values, expected);

  const TaskQuerySql count = task_count_sql(query);
  EXPECT_EQ(count.sql, "SELECT COUNT(*) FROM tasks WHERE id IN (?1, ?2) AND app_id = ?3 AND api = ?4 AND "
                       "(source_id = ?5 OR input = ?5) AND status = ?6 AND created_ms >= ?7 AND created_ms < ?8 AND "
                       "(created_ms, id) > (?9, ?10)");
  EXPECT_EQ(count.values.size(), 10u);
}

TEST(TaskQuerySql, ThePostgresDialectNumbersItsPlaceholdersWithDollars) {
  TaskQuery query;
  query.ids = {"x", "y"};
  query.source = "clip.mp4";
  query.after_created_ms = 15;
  query.after_id = "k";
  const TaskQuerySql sqlite = task_list_sql(query);
  const TaskQuerySql postgres = task_list_sql(query, SqlDialect::kPostgres);
  EXPECT_EQ(postgres.sql, std::string("SELECT ") + kTaskColumns +
                              " FROM tasks WHERE id IN ($1, $2) AND (source_id = $3 OR input = $3) AND "
                              "(created_ms, id) < ($4, $5) ORDER BY created_ms DESC, id DESC LIMIT $6 OFFSET $7");
  EXPECT_EQ(postgres.values, sqlite.values);
  EXPECT_FALSE(contains(postgres.sql, "?")) << postgres.sql;
  const TaskQuerySql count = task_count_sql(query, SqlDialect::kPostgres);
  EXPECT_EQ(count.sql, "SELECT COUNT(*) FROM tasks WHERE id IN ($1, $2) AND (source_id = $3 OR input = $3) AND "
                       "(created_ms, id) < ($4, $5)");
  EXPECT_EQ(count.values.size(), 5u);
}

TEST(TaskQuerySql, HostileValuesAreBoundNeverSpliced) {
  TaskQuery query;
  query.app_id = "x' OR '1'='1";
  query.source = "a\"; DROP TABLE tasks; --";
  query.ids = {std::string("nul\0id", 6)};
  query.after_id = "') --";
  const TaskQuerySql built = task_list_sql(query);
  EXPECT_FALSE(contains(built.sql, "'1'")) << built.sql;
  EXPECT_FALSE(contains(built.sql, "DROP")) << built.sql;
  EXPECT_FALSE(contains(built.sql, "--")) << built.sql;
  EXPECT_EQ(std::get<std::string>(built.values[0]), std::string("nul\0id", 6));
}

}  // namespace
}  // namespace tg::tasks
