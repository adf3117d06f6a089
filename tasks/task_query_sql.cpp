#include "tasks/task_query_sql.hpp"

#include <algorithm>

namespace tg::tasks {
namespace {

// The placeholder of value number n (1-based).
std::string placeholder(SqlDialect dialect, size_t n) {
  return (dialect == SqlDialect::kPostgres ? "$" : "?") + std::to_string(n);
}

// Appends the conditions of `query` (" WHERE ..." or nothing) with their values.
void add_where(const TaskQuery& query, SqlDialect dialect, TaskQuerySql& out) {
  std::vector<std::string> conditions;
  auto param = [&out, dialect](auto value) {  // a std::string or an int64_t
    out.values.emplace_back(std::move(value));
    return placeholder(dialect, out.values.size());
  };
  if (!query.ids.empty()) {
    std::string in = "id IN (";
    for (size_t i = 0; i < query.ids.size(); ++i) {
      if (i != 0) in += ", ";
      in += param(query.ids[i]);
    }
    conditions.push_back(in + ")");
  }
  if (!query.app_id.empty()) conditions.push_back("app_id = " + param(query.app_id));
  if (!query.api.empty()) conditions.push_back("api = " + param(query.api));
  if (!query.source.empty()) {
    const std::string source = param(query.source);
    conditions.push_back("(source_id = " + source + " OR input = " + source + ")");
  }
  if (query.status) conditions.push_back("status = " + param(std::string(to_string(*query.status))));
  if (query.created_from_ms > 0) conditions.push_back("created_ms >= " + param(query.created_from_ms));
  if (query.created_to_ms > 0) conditions.push_back("created_ms < " + param(query.created_to_ms));
  if (!query.after_id.empty()) {
    const std::string created = param(query.after_created_ms);
    const std::string id = param(query.after_id);
    conditions.push_back("(created_ms, id) " + std::string(query.newest_first ? "<" : ">") + " (" + created + ", " +
                         id + ")");
  }
  for (size_t i = 0; i < conditions.size(); ++i) out.sql += (i == 0 ? " WHERE " : " AND ") + conditions[i];
}

}  // namespace

TaskQuerySql task_list_sql(const TaskQuery& query, SqlDialect dialect) {
  TaskQuerySql out;
  out.sql = std::string("SELECT ") + kTaskColumns + " FROM tasks";
  add_where(query, dialect, out);
  out.sql += query.newest_first ? " ORDER BY created_ms DESC, id DESC" : " ORDER BY created_ms, id";
  out.values.emplace_back(static_cast<int64_t>(std::clamp(query.limit, 0, kMaxListLimit)));
  out.sql += " LIMIT " + placeholder(dialect, out.values.size());
  out.values.emplace_back(static_cast<int64_t>(std::max(query.offset, 0)));
  out.sql += " OFFSET " + placeholder(dialect, out.values.size());
  return out;
}

TaskQuerySql task_count_sql(const TaskQuery& query, SqlDialect dialect) {
  TaskQuerySql out;
  out.sql = "SELECT COUNT(*) FROM tasks";
  add_where(query, dialect, out);
  return out;
}

}  // namespace tg::tasks
