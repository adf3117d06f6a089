#include "gateway/state_stores.hpp"

#include <algorithm>
#include <filesystem>

#include "adapters/common/sliding_window_limiter.hpp"
#include "signing/nonce_cache.hpp"
#include "tasks/postgres/pg_task_store.hpp"
#include "tasks/sqlite_task_store.hpp"

namespace tg::gateway {

namespace fs = std::filesystem;

std::string database_path(const Config& config) {
  if (config.shared.database_is_postgres()) return {};
  if (!config.shared.database.empty()) return config.shared.database;
  return (fs::path(config.data_dir) / "thumbgate.db").string();
}

std::string outputs_path(const Config& config) {
  if (!config.shared.outputs_dir.empty()) return config.shared.outputs_dir;
  return (fs::path(config.data_dir) / "outputs").string();
}

tg::Result<TaskTables, std::string> open_task_tables(const Config& config, bool must_exist) {
  if (config.shared.database_is_postgres()) {
    tasks::PgTaskStore::Options options;
    // Every worker, the callback sender, the maintenance loop and the HTTP threads' lookups at once.
    options.pool_size = std::max(8, config.workers + 6);
    auto store = tasks::PgTaskStore::open(config.shared.database, options);
    const std::string shown = url_without_secrets(config.shared.database);
    if (!store) return tg::unexpected("cannot open the task database " + shown + ": " + store.error().message);
    TaskTables tables = TaskTables::of(std::move(*store), "PostgreSQL at " + shown);
    tables.postgres_url = config.shared.database;
    return tables;
  }
  const std::string path = database_path(config);
  std::error_code ec;
  if (must_exist && !fs::exists(path, ec)) return tg::unexpected("no task database at " + path + " (check --config)");
  auto store = tasks::SqliteTaskStore::open(path);
  if (!store) return tg::unexpected("cannot open the task database: " + store.error().message);
  return TaskTables::of(std::move(*store), "SQLite at " + fs::absolute(path).string());
}

tg::Result<RequestGuards, std::string> open_request_guards(const Config& config) {
  if (!config.shared.redis.empty()) return tg::unexpected(std::string("redis: this build keeps limits in the process"));
  RequestGuards guards;
  guards.limiter = std::make_unique<adapters::SlidingWindowLimiter>();
  guards.nonces = std::make_unique<signing::NonceCache>();
  guards.described = "this process";
  return guards;
}

}  // namespace tg::gateway
