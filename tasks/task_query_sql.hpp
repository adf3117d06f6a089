#pragma once
// The statements TaskStore::list() and count() run for a TaskQuery: only the conditions the query gives,
// each one an index can serve (schemas/sql/0005_admin_console.sql), so that tests can check their query
// plans. Plain SQL both databases accept (row values), with the placeholders of the dialect asked for.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "tasks/task.hpp"

namespace tg::tasks {

/// The task columns every SELECT of a whole task reads, in the order the store's row reader expects.
inline constexpr const char* kTaskColumns =
    "id, app_id, api, vendor, type, source_id, input, params, callback_url, extra, status, progress, attempts, "
    "error_code, error_message, outputs, created_ms, updated_ms, started_ms, finished_ms, lease_until_ms, worker_id, "
    "request";

/// The most ids a TaskQuery may name, and the most rows list() returns.
inline constexpr size_t kMaxQueryIds = 100;
inline constexpr int kMaxListLimit = 1000;

/// How a statement spells its placeholders: SQLite ?1, ?2, ...; PostgreSQL $1, $2, ...
enum class SqlDialect { kSqlite, kPostgres };

/// A statement and the values of its placeholders ?1, ?2, ... (or $1, $2, ...) in order.
struct TaskQuerySql {
  using Value = std::variant<std::string, int64_t>;
  std::string sql;
  std::vector<Value> values;
};

/// SELECT kTaskColumns of the tasks `query` selects, in its order, after its keyset cursor, LIMIT/OFFSET.
TaskQuerySql task_list_sql(const TaskQuery& query, SqlDialect dialect = SqlDialect::kSqlite);
/// SELECT COUNT(*) of the tasks `query` selects (cursor honoured; limit and offset ignored).
TaskQuerySql task_count_sql(const TaskQuery& query, SqlDialect dialect = SqlDialect::kSqlite);

}  // namespace tg::tasks
