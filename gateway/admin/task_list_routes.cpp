#include "gateway/admin/task_list_routes.hpp"

#include <charconv>

#include "gateway/admin/task_cursor.hpp"
#include "gateway/admin/task_summary.hpp"

namespace tg::gateway::admin {

namespace {

// The one value of a paging parameter; an error when given twice.
tg::Result<std::string, std::string> single(const ApiRequest& request, std::string_view name) {
  const auto values = request.query_values(name);
  if (values.size() > 1) return tg::unexpected(std::string(name) + ": given more than once");
  return values.empty() ? std::string() : values.front();
}

tg::Result<int, std::string> parse_limit(const std::string& text) {
  if (text.empty()) return kDefaultPageSize;
  int limit = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
  if (ec != std::errc() || end != text.data() + text.size() || limit < 1 || limit > kMaxPageSize) {
    return tg::unexpected("limit: must be an integer 1.." + std::to_string(kMaxPageSize));
  }
  return limit;
}

// The list query of `request`: filter, order, page size (plus one row, to tell whether a next page
// exists) and the cursor's position.
tg::Result<tasks::TaskQuery, std::string> list_query(const ApiRequest& request, int& limit) {
  TG_TRY_ASSIGN(tasks::TaskQuery query, filter_from_query(request));
  TG_TRY_ASSIGN(const std::string order, single(request, "order"));
  if (order == "oldest") {
    query.newest_first = false;
  } else if (!order.empty() && order != "newest") {
    return tg::unexpected(std::string("order: must be newest or oldest"));
  }
  TG_TRY_ASSIGN(const std::string limit_text, single(request, "limit"));
  TG_TRY_ASSIGN(limit, parse_limit(limit_text));
  query.limit = limit + 1;
  TG_TRY_ASSIGN(const std::string cursor_text, single(request, "cursor"));
  if (!cursor_text.empty()) {
    const auto cursor = decode_cursor(cursor_text);
    if (!cursor) return tg::unexpected(std::string("cursor: not a cursor this API gave"));
    query.after_created_ms = cursor->created_ms;
    query.after_id = cursor->id;
  }
  return query;
}

}  // namespace

ApiResponse list_tasks(AdminServices& services, const ApiRequest& request) {
  int limit = kDefaultPageSize;
  auto query = list_query(request, limit);
  if (!query) return error_answer(ErrorCode::kBadRequest, query.error());
  auto rows = services.store.list(*query);
  if (!rows) return store_unavailable(rows.error().message);
  const bool more = rows->size() > static_cast<std::size_t>(limit);
  if (more) rows->resize(static_cast<std::size_t>(limit));
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("tasks");
  w.StartArray();
  for (const tasks::TaskRecord& task : *rows) write_summary(w, task);
  w.EndArray();
  if (more) {
    put(w, "next_cursor", encode_cursor({rows->back().created_ms, rows->back().id}));
  } else {
    put_null(w, "next_cursor");
  }
  w.EndObject();
  return json_answer(200, std::string(buffer.GetString(), buffer.GetSize()));
}

tasks::StoreResult<int64_t> count_selected(tasks::TaskStore& store, const tasks::TaskQuery& query,
                                           const std::optional<TaskAction>& action) {
  if (!action) return store.count(query);
  int64_t total = 0;
  for (tasks::TaskStatus status : action_statuses(*action, query.status)) {
    tasks::TaskQuery one = query;
    one.status = status;
    TG_TRY_ASSIGN(const int64_t n, store.count(one));
    total += n;
  }
  return total;
}

ApiResponse count_tasks(AdminServices& services, const ApiRequest& request) {
  auto query = filter_from_query(request);
  if (!query) return error_answer(ErrorCode::kBadRequest, query.error());
  auto action_text = single(request, "action");
  if (!action_text) return error_answer(ErrorCode::kBadRequest, action_text.error());
  std::optional<TaskAction> action;
  if (!action_text->empty()) {
    action = parse_action(*action_text);
    if (!action) return error_answer(ErrorCode::kBadRequest, "action: must be retry or cancel");
  }
  auto count = count_selected(services.store, *query, action);
  if (!count) return store_unavailable(count.error().message);
  return json_answer(200, "{\"count\":" + std::to_string(*count) + "}");
}

}  // namespace tg::gateway::admin
