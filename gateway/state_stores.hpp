#pragma once
// Opens what the config's `database` and `redis` name: the task table with its callback outbox and media
// table (SQLite, or PostgreSQL shared by several processes), and the rate limiter and the nonce and rate
// checks of signed calls (in this process, or in Redis shared by them).

#include <functional>
#include <memory>
#include <string>

#include "adapters/common/call_admission.hpp"
#include "adapters/common/rate_limiter.hpp"
#include "core/result.hpp"
#include "gateway/config.hpp"
#include "signing/replay_cache.hpp"
#include "tasks/callback_outbox.hpp"
#include "tasks/media_table.hpp"
#include "tasks/task_store.hpp"

namespace tg::gateway {

/// The task store's three faces; the concrete store lives as long as `owner`.
struct TaskTables {
  std::shared_ptr<void> owner;
  tasks::TaskStore* tasks = nullptr;
  tasks::CallbackOutbox* outbox = nullptr;
  tasks::MediaTable* media = nullptr;
  std::string described;  // for the start-up line: "SQLite at PATH" or the URL without its password
  std::string postgres_url;  // the database URL when the tables are in PostgreSQL (for its listener)

  template <class Store>
  static TaskTables of(std::unique_ptr<Store> store, std::string described) {
    TaskTables t;
    std::shared_ptr<Store> shared(std::move(store));
    t.tasks = shared.get();
    t.outbox = shared.get();
    t.media = shared.get();
    t.owner = std::move(shared);
    t.described = std::move(described);
    return t;
  }
};

/// The rate limiter and call admission every front door shares.
struct RequestGuards {
  std::shared_ptr<void> owner;  // the Redis client they use, when they are in Redis
  std::unique_ptr<adapters::RateLimiter> limiter;
  std::unique_ptr<signing::ReplayCache> nonces;        // in this process only: what `admission` asks with `limiter`
  std::unique_ptr<adapters::CallAdmission> admission;  // signed calls: the nonce and the rate, together
  std::string described;  // "this process" or the Redis URL without its password
  // For /readyz: "" while the guards' store answers, else why not in words fit for any client (the details
  // are logged). Empty function: nothing to check (the guards are in this process).
  std::function<std::string()> probe;
};

/// The SQLite file the config names (`database`, or data_dir/thumbgate.db); empty for PostgreSQL.
std::string database_path(const Config& config);
/// Where finished tasks' files go: `outputs_dir`, or data_dir/outputs.
std::string outputs_path(const Config& config);

/// Opens the task tables. `must_exist`: a SQLite file that is not there yet is an error, not created.
tg::Result<TaskTables, std::string> open_task_tables(const Config& config, bool must_exist = false);

/// The limiter and call admission: in this process without `redis`, else in Redis (reached at once, so that
/// a wrong address or password stops the start).
tg::Result<RequestGuards, std::string> open_request_guards(const Config& config);

}  // namespace tg::gateway
