#include "gateway/admin/task_action_routes.hpp"

#include <rapidjson/document.h>


#include "gateway/admin/task_list_routes.hpp"
#include "gateway/admin/task_summary.hpp"

namespace tg::gateway::admin {

namespace {

constexpr int kPageRows = 1000;

std::string action_refusal(TaskAction action, tasks::TaskStatus status) {
  return std::string("the task is ") + to_string(status) +
         (action == TaskAction::kRetry ? ": only FAILED or CANCELED tasks are retried"
                                       : ": only tasks waiting for a worker are canceled");
}

// Ids of up to `cap` tasks of `query` in `status`, oldest first, read in keyset pages before anything changes.
tasks::StoreResult<Ok> collect_ids(tasks::TaskStore& store, tasks::TaskQuery query, tasks::TaskStatus status,
                                   int64_t cap, std::vector<std::string>& ids) {
  query.status = status;
  query.newest_first = false;
  query.limit = kPageRows;
  query.after_created_ms = 0;
  query.after_id.clear();
  while (static_cast<int64_t>(ids.size()) < cap) {
    TG_TRY_ASSIGN(const std::vector<tasks::TaskRecord> rows, store.list(query));
    for (const tasks::TaskRecord& row : rows) {
      if (static_cast<int64_t>(ids.size()) >= cap) break;
      ids.push_back(row.id);
    }
    if (rows.size() < static_cast<std::size_t>(kPageRows)) break;
    query.after_created_ms = rows.back().created_ms;
    query.after_id = rows.back().id;
  }
  return Ok{};
}

struct BulkRequest {
  TaskAction action = TaskAction::kRetry;
  tasks::TaskQuery filter;
  int64_t expect = 0;
};

tg::Result<BulkRequest, std::string> parse_bulk(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) return tg::unexpected(std::string("body: must be a JSON object"));
  BulkRequest bulk;
  for (auto it = doc.MemberBegin(); it != doc.MemberEnd(); ++it) {
    const std::string_view name(it->name.GetString(), it->name.GetStringLength());
    if (name != "action" && name != "filter" && name != "expect") {
      return tg::unexpected("body." + std::string(name) + ": unknown field (action, filter, expect)");
    }
  }
  const auto action = doc.FindMember("action");
  if (action == doc.MemberEnd() || !action->value.IsString()) {
    return tg::unexpected(std::string("action: must be retry or cancel"));
  }
  const auto parsed = parse_action(std::string_view(action->value.GetString(), action->value.GetStringLength()));
  if (!parsed) return tg::unexpected(std::string("action: must be retry or cancel"));
  bulk.action = *parsed;
  const auto filter = doc.FindMember("filter");
  if (filter == doc.MemberEnd()) return tg::unexpected(std::string("filter: required (an object; {} selects every task)"));
  TG_TRY_ASSIGN(bulk.filter, filter_from_json(filter->value, "filter"));
  const auto expect = doc.FindMember("expect");
  if (expect == doc.MemberEnd() || !expect->value.IsInt64() || expect->value.GetInt64() < 0) {
    return tg::unexpected(std::string("expect: must be the count the confirmation showed (an integer >= 0)"));
  }
  bulk.expect = expect->value.GetInt64();
  return bulk;
}

}  // namespace

ApiResponse act_on_task(AdminServices& services, const std::string& id, TaskAction action) {
  auto found = services.store.get(id);
  if (!found) return store_unavailable(found.error().message);
  if (!*found) return not_found("no such task");
  const int64_t now = services.clock.now_ms();
  auto changed = action == TaskAction::kRetry ? services.store.retry(id, now) : services.store.cancel(id, now);
  if (!changed) return store_unavailable(changed.error().message);
  if (!*changed) {
    auto again = services.store.get(id);
    const tasks::TaskStatus status = again && *again ? (**again).status : (**found).status;
    return error_answer(ErrorCode::kConflict, action_refusal(action, status));
  }
  if (action == TaskAction::kRetry && services.wake_workers) services.wake_workers();
  auto after = services.store.get(id);
  if (!after) return store_unavailable(after.error().message);
  if (!*after) return not_found("no such task");
  return json_answer(200, summary_document(**after));
}

ApiResponse bulk_action(AdminServices& services, const ApiRequest& request) {
  auto bulk = parse_bulk(request.body);
  if (!bulk) return error_answer(ErrorCode::kBadRequest, bulk.error());
  auto count = count_selected(services.store, bulk->filter, bulk->action);
  if (!count) return store_unavailable(count.error().message);
  if (*count > kMaxBulkTasks) {
    return error_answer(ErrorCode::kBadRequest,
                        "filter: selects " + std::to_string(*count) + " tasks; at most " +
                            std::to_string(kMaxBulkTasks) + " per call, narrow the filter",
                        "\"count\":" + std::to_string(*count));
  }
  if (*count != bulk->expect) {
    return error_answer(ErrorCode::kConflict,
                        "expect: the filter now selects " + std::to_string(*count) + " tasks, not " +
                            std::to_string(bulk->expect),
                        "\"count\":" + std::to_string(*count));
  }
  std::vector<std::string> ids;
  for (tasks::TaskStatus status : action_statuses(bulk->action, bulk->filter.status)) {
    if (auto collected = collect_ids(services.store, bulk->filter, status, *count, ids); !collected) {
      return store_unavailable(collected.error().message);
    }
  }
  int64_t done = 0;
  int64_t skipped = 0;
  const int64_t now = services.clock.now_ms();
  for (const std::string& id : ids) {
    auto changed = bulk->action == TaskAction::kRetry ? services.store.retry(id, now) : services.store.cancel(id, now);
    if (!changed) {
      if (done > 0 && bulk->action == TaskAction::kRetry && services.wake_workers) services.wake_workers();
      return store_unavailable(changed.error().message);
    }
    (*changed ? done : skipped) += 1;
  }
  if (done > 0 && bulk->action == TaskAction::kRetry && services.wake_workers) services.wake_workers();
  return json_answer(200, "{\"done\":" + std::to_string(done) + ",\"skipped\":" + std::to_string(skipped) + "}");
}

ApiResponse redeliver_callback(AdminServices& services, int64_t callback_id) {
  const int64_t now = services.clock.now_ms();
  auto outcome = services.outbox.redeliver(callback_id, now);
  if (!outcome) return store_unavailable(outcome.error().message);
  switch (*outcome) {
    case tasks::Redelivery::kQueued:
      if (services.wake_callbacks) services.wake_callbacks();
      return json_answer(200, "{\"ok\":true}");
    case tasks::Redelivery::kAlreadyPending:
      return error_answer(ErrorCode::kConflict, "the callback is already pending");
    case tasks::Redelivery::kUnknown: break;
  }
  return not_found("no such callback");
}

}  // namespace tg::gateway::admin
