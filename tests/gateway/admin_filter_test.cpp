#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "gateway/admin/task_filter.hpp"
#include "gateway/admin/task_timeline.hpp"

namespace tg::gateway::admin {
namespace {

using tasks::TaskStatus;

ApiRequest query(std::vector<std::pair<std::string, std::string>> pairs) {
  ApiRequest request;
  request.method = "GET";
  request.query = std::move(pairs);
  return request;
}

tg::Result<tasks::TaskQuery, std::string> from_json(const char* text) {
  rapidjson::Document doc;
  doc.Parse(text);
  return filter_from_json(doc, "filter");
}

TEST(TaskFilterTest, QueryStringFieldsAndBlanks) {
  auto q = filter_from_query(query({{"id", "a"}, {"id", ""}, {"id", "b"}, {"app", "app-1"}, {"api", "zego"},
                                    {"source", "rec/a.mp4"}, {"status", "failed"}, {"from", "10"}, {"to", "20"},
                                    {"order", "oldest"}, {"unrelated", "x"}}));
  ASSERT_TRUE(q) << q.error();
  EXPECT_EQ(q->ids, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(q->app_id, "app-1");
  EXPECT_EQ(q->api, "zego");
  EXPECT_EQ(q->source, "rec/a.mp4");
  EXPECT_EQ(q->status, TaskStatus::kFailed);
  EXPECT_EQ(q->created_from_ms, 10);
  EXPECT_EQ(q->created_to_ms, 20);
  auto blank = filter_from_query(query({{"app", ""}, {"status", ""}, {"from", ""}}));
  ASSERT_TRUE(blank);
  EXPECT_EQ(blank->app_id, "");
  EXPECT_FALSE(blank->status);
  EXPECT_EQ(blank->created_from_ms, 0);
}

TEST(TaskFilterTest, QueryStringErrorsNameTheParameter) {
  EXPECT_EQ(filter_from_query(query({{"status", "DONE"}})).error().substr(0, 7), "status:");
  EXPECT_EQ(filter_from_query(query({{"from", "1.5"}})).error().substr(0, 5), "from:");
  EXPECT_EQ(filter_from_query(query({{"to", "253402300800000"}})).error().substr(0, 3), "to:");
  EXPECT_EQ(filter_from_query(query({{"app", "a"}, {"app", "b"}})).error(), "app: given more than once");
  EXPECT_EQ(filter_from_query(query({{"api", std::string("a\x01", 2)}})).error(), "api: contains control characters");
  std::vector<std::pair<std::string, std::string>> ids;
  for (int i = 0; i < 101; ++i) ids.emplace_back("id", "t" + std::to_string(i));
  EXPECT_EQ(filter_from_query(query(ids)).error(), "id: at most 100 ids");
}

TEST(TaskFilterTest, JsonFilters) {
  auto q = from_json(R"({"app":"a","api":"","id":["x","y"],"status":"QUEUED","from":5,"to":"9","source":null})");
  ASSERT_TRUE(q) << q.error();
  EXPECT_EQ(q->app_id, "a");
  EXPECT_EQ(q->ids, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(q->status, TaskStatus::kQueued);
  EXPECT_EQ(q->created_from_ms, 5);
  EXPECT_EQ(q->created_to_ms, 9);
  EXPECT_EQ(from_json(R"({"order":"newest"})").error().substr(0, 13), "filter.order:");
  EXPECT_EQ(from_json(R"({"id":[1]})").error().substr(0, 10), "filter.id:");
  EXPECT_EQ(from_json(R"({"from":-1})").error().substr(0, 12), "filter.from:");
  EXPECT_EQ(from_json(R"({"from":1.5})").error().substr(0, 12), "filter.from:");
  EXPECT_EQ(from_json(R"([])").error(), "filter: must be an object");
}

TEST(TaskFilterTest, WhatEachActionAppliesTo) {
  EXPECT_EQ(action_statuses(TaskAction::kRetry, std::nullopt),
            (std::vector<TaskStatus>{TaskStatus::kFailed, TaskStatus::kCanceled}));
  EXPECT_EQ(action_statuses(TaskAction::kCancel, std::nullopt), (std::vector<TaskStatus>{TaskStatus::kQueued}));
  EXPECT_EQ(action_statuses(TaskAction::kRetry, TaskStatus::kCanceled), (std::vector<TaskStatus>{TaskStatus::kCanceled}));
  EXPECT_TRUE(action_statuses(TaskAction::kRetry, TaskStatus::kQueued).empty());
  EXPECT_TRUE(action_statuses(TaskAction::kCancel, TaskStatus::kRunning).empty());
  EXPECT_FALSE(parse_action("Retry"));
  EXPECT_EQ(parse_action("cancel"), TaskAction::kCancel);
}

TEST(TaskTimelineTest, ClaimsAttemptsAndTheEndInTimeOrder) {
  tasks::TaskRecord task;
  task.spec.api = "zego";
  task.spec.type = "SampleSnapshot";
  task.created_ms = 100;
  task.status = TaskStatus::kFailed;
  task.finished_ms = 900;
  task.error_code = "not_found";
  task.error_message = "gone";
  std::vector<tasks::TaskAttempt> attempts = {
      {.number = 1, .worker_id = "w-1", .started_ms = 200, .ended_ms = 300, .outcome = "retry",
       .error_code = "io", .error_message = "disk full"},
      {.number = 2, .worker_id = "w-2", .started_ms = 400, .ended_ms = 900, .outcome = "failed",
       .error_code = "not_found", .error_message = "gone"},
  };
  const auto events = task_timeline(task, attempts);
  std::vector<std::string> names;
  for (const auto& e : events) names.push_back(e.event);
  EXPECT_EQ(names, (std::vector<std::string>{"submitted", "claimed #1", "attempt #1 retry", "claimed #2",
                                             "attempt #2 failed", "finished"}));
  EXPECT_EQ(events[2].worker, "w-1");
  EXPECT_EQ(events[2].detail, "io: disk full");
  EXPECT_EQ(events[5].detail, "FAILED: not_found: gone");
  EXPECT_EQ(events[5].at_ms, 900);

  tasks::TaskRecord canceled = task;
  canceled.status = TaskStatus::kCanceled;
  canceled.finished_ms = 150;
  const auto short_events = task_timeline(canceled, {});
  ASSERT_EQ(short_events.size(), 2u);
  EXPECT_EQ(short_events[1].event, "canceled");
  // A running attempt has a claim and no end yet.
  tasks::TaskRecord running = task;
  running.status = TaskStatus::kRunning;
  EXPECT_EQ(task_timeline(running, {{.number = 1, .worker_id = "w", .started_ms = 150, .ended_ms = 0, .outcome = "running", .error_code = "",
                                            .error_message = ""}}).size(),
            2u);
  // A claim timed just before the submission it took (the worker read its clock first) still follows it.
  const auto quick = task_timeline(running, {{.number = 1, .worker_id = "w", .started_ms = task.created_ms - 1,
                                              .ended_ms = 0, .outcome = "running", .error_code = "",
                                              .error_message = ""}});
  ASSERT_EQ(quick.size(), 2u);
  EXPECT_EQ(quick[0].event, "submitted");
  EXPECT_EQ(quick[1].event, "claimed #1");
}

}  // namespace
}  // namespace tg::gateway::admin
