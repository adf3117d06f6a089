#include "gateway/state_stores.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>

#include "adapters/common/sliding_window_limiter.hpp"
#include "core/logger.hpp"
#include "redis/redis_call_admission.hpp"
#include "redis/redis_client.hpp"
#include "redis/redis_rate_limiter.hpp"
#include "signing/nonce_cache.hpp"
#include "tasks/postgres/pg_task_store.hpp"
#include "tasks/sqlite_task_store.hpp"

namespace tg::gateway {

namespace fs = std::filesystem;

namespace {

// Why a limit or nonce check could not be made, at most once a second: while Redis is down every request
// would say the same.
void log_redis_error(const std::string& shown, const std::string& error) {
  static std::atomic<int64_t> last_ms{0};
  const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now().time_since_epoch()).count();
  int64_t last = last_ms.load();
  if (now - last < 1000 || !last_ms.compare_exchange_strong(last, now)) return;
  tg::log(LogLevel::kWarn, "redis unavailable: requests answered as a temporary failure",
          {{"redis", shown}, {"error", error}});
}

}  // namespace

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
    // A submission naming a FileId reads the media table from memory; the listener (application.cpp) drops
    // it when another process changes the table, and a lost notification is seen within a second.
    options.media_cache_ms = 1000;
    auto store = tasks::PgTaskStore::open(config.shared.database, options);
    const std::string shown = url_without_secrets(config.shared.database);
    if (!store) return tg::unexpected("cannot open the task database: " + store.error().message);
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
  RequestGuards guards;
  if (config.shared.redis.empty()) {
    guards.limiter = std::make_unique<adapters::SlidingWindowLimiter>();
    guards.nonces = std::make_unique<signing::NonceCache>();
    guards.admission = std::make_unique<adapters::SeparateCallAdmission>(*guards.nonces, *guards.limiter);
    guards.described = "this process";
    return guards;
  }
  const std::string shown = url_without_secrets(config.shared.redis);
  redis::RedisClient::Options options;
  options.max_connections = 16;  // the HTTP threads' checks at once; the rest wait up to the command timeout
  auto client = redis::RedisClient::create(config.shared.redis, options);
  if (!client) return tg::unexpected("redis: " + client.error());
  // Reached now, so that a wrong address or password stops the start instead of failing every request.
  if (auto pong = (*client)->command({"PING"}); !pong) {
    return tg::unexpected("cannot reach Redis at " + shown + ": " + pong.error());
  }
  std::shared_ptr<redis::RedisClient> shared(std::move(*client));
  auto report = [shown](const std::string& error) { log_redis_error(shown, error); };
  guards.limiter = std::make_unique<redis::RedisRateLimiter>(
      *shared, redis::RedisRateLimiter::Options{.key_prefix = config.shared.redis_key_prefix, .on_error = report});
  guards.admission = std::make_unique<redis::RedisCallAdmission>(
      *shared, redis::RedisCallAdmission::Options{.key_prefix = config.shared.redis_key_prefix, .on_error = report});
  guards.probe = [client = shared.get(), report] {
    auto pong = client->command({"PING"});
    if (pong) return std::string();
    report(pong.error());
    return std::string("Redis, which holds the rate limits and nonces, does not answer");
  };
  guards.owner = std::move(shared);
  guards.described = "Redis at " + shown;
  return guards;
}

}  // namespace tg::gateway
