#include "tasks/postgres/pg_task_store.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "core/utf8.hpp"
#include "tasks/batch_admission.hpp"
#include "tasks/fair_claim_sql.hpp"
#include "tasks/output_codec.hpp"
#include "tasks/postgres/pg_lock_keys.hpp"
#include "tasks/postgres/pg_migrations.hpp"
#include "tasks/postgres/pg_sql.hpp"
#include "tasks/postgres/pg_transaction.hpp"
#include "tasks/store_sql_names.hpp"
#include "tasks/task_query_sql.hpp"

namespace tg::tasks {
namespace {

using namespace store_sql;  // tasks/store_sql_names.hpp

// A wake-up for the listeners of this schema (delivered at commit, dropped on rollback).
const std::string kNotifyTasks =
    std::string("SELECT pg_notify('") + kTasksChannel + "', COALESCE(current_schema(), ''))";
const std::string kNotifyCallbacks =
    std::string("SELECT pg_notify('") + kCallbacksChannel + "', COALESCE(current_schema(), ''))";
// Registers or replaces a media source and tells the listeners, in one statement (so one transaction).
const std::string kPutMedia =
    std::string("WITH put AS (INSERT INTO media (file_id, source, created_ms) VALUES ($1, $2, $3) "
                "ON CONFLICT (file_id) DO UPDATE SET source = excluded.source RETURNING 1) "
                "SELECT pg_notify('") +
    kMediaChannel + "', COALESCE(current_schema(), '')) FROM put";

// The fair claim's statements (shared with SQLite) in PostgreSQL's words.
const std::string kNextApp = postgres_sql(fair_claim_sql::kNextApp);
const std::string kOldestOfApp = postgres_sql(fair_claim_sql::kOldestOfApp);
const std::string kOldestOfAll = postgres_sql(fair_claim_sql::kOldestOfAll);
// Queued tasks of an app ($1 api, $2 app_id), and in all: the folded counts plus the deltas not folded yet
// (schemas/sql/postgres/0003_queue_counts.sql), one snapshot.
const std::string kQueuedOfApp =
    "SELECT (COALESCE((SELECT queued FROM queue_counts WHERE api = $1 AND app_id = $2), 0) + "
    "COALESCE((SELECT SUM(delta) FROM queue_count_deltas WHERE api = $1 AND app_id = $2), 0))::bigint";
const std::string kQueuedAllValue =
    "(COALESCE((SELECT SUM(queued) FROM queue_counts), 0) + COALESCE((SELECT SUM(delta) FROM queue_count_deltas), "
    "0))::bigint";
const std::string kQueuedAll = "SELECT " + kQueuedAllValue;
// Moves every delta this snapshot sees into queue_counts, in one statement (a delta committed meanwhile
// waits for the next fold).
const std::string kFoldCounts =
    "WITH moved AS (DELETE FROM queue_count_deltas RETURNING api, app_id, delta) "
    "INSERT INTO queue_counts (api, app_id, queued) SELECT api, app_id, SUM(delta) FROM moved GROUP BY api, app_id "
    "ON CONFLICT (api, app_id) DO UPDATE SET queued = queue_counts.queued + EXCLUDED.queued";
// fair_claim_sql::kTakeTurn without waiting: the app's row is skipped when another claim of the same app holds
// it (that claim moves the app behind the others), and the new turn comes from a sequence.
const std::string kTakeTurn =
    "UPDATE app_turns SET last_turn = nextval('app_turns_served') WHERE (api, app_id) IN (SELECT api, app_id FROM "
    "app_turns WHERE api = $1 AND app_id = $2 FOR UPDATE SKIP LOCKED)";

template <class T>
StoreResult<T> failure(std::string message) {
  return tg::unexpected(StoreError{std::move(message)});
}

// Prefixes an error with what was being done.
template <class T>
StoreResult<T> context(StoreResult<T> result, const std::string& what) {
  if (!result) return failure<T>(what + ": " + result.error().message);
  return result;
}

// False when a value a client gave cannot be in the tables (not UTF-8, or a NUL byte): PostgreSQL would
// refuse the statement, so a lookup of it finds nothing without asking.
bool findable(const std::string& value) { return is_storable_text(value); }

// Reads row `r` selected with kTaskColumns.
StoreResult<TaskRecord> read_task(const PgRows& rows, int r) {
  TaskRecord record;
  record.id = rows.text(r, 0);
  record.spec.app_id = rows.text(r, 1);
  record.spec.api = rows.text(r, 2);
  record.spec.vendor = rows.text(r, 3);
  record.spec.type = rows.text(r, 4);
  record.spec.source_id = rows.text(r, 5);
  record.spec.input = rows.text(r, 6);
  auto job = decode_job(rows.text(r, 7));
  if (!job) return failure<TaskRecord>("task " + record.id + ": stored params: " + job.error());
  record.spec.job = std::move(*job);
  record.spec.callback_url = rows.text(r, 8);
  record.spec.extra = rows.text(r, 9);
  auto status = parse_status(rows.text(r, 10));
  if (!status) return failure<TaskRecord>("task " + record.id + ": unknown status " + rows.text(r, 10));
  record.status = *status;
  record.progress = rows.integer(r, 11);
  record.attempts = rows.integer(r, 12);
  record.error_code = rows.text(r, 13);
  record.error_message = rows.text(r, 14);
  auto outputs = decode_outputs(rows.text(r, 15));
  if (!outputs) return failure<TaskRecord>("task " + record.id + ": stored " + outputs.error());
  record.outputs = std::move(*outputs);
  record.created_ms = rows.int64(r, 16);
  record.updated_ms = rows.int64(r, 17);
  record.started_ms = rows.int64(r, 18);
  record.finished_ms = rows.int64(r, 19);
  record.lease_until_ms = rows.int64(r, 20);
  record.worker_id = rows.text(r, 21);
  record.spec.request = rows.text(r, 22);
  return record;
}

std::vector<CallbackDelivery> read_callbacks(const PgRows& rows) {
  std::vector<CallbackDelivery> out;
  out.reserve(static_cast<size_t>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) {
    CallbackDelivery delivery;
    delivery.id = rows.int64(r, 0);
    delivery.task_id = rows.text(r, 1);
    delivery.url = rows.text(r, 2);
    delivery.body = rows.text(r, 3);
    delivery.content_type = rows.text(r, 4);
    delivery.attempts = rows.integer(r, 5);
    delivery.next_attempt_ms = rows.int64(r, 6);
    delivery.state = rows.text(r, 7);
    delivery.last_error = rows.text(r, 8);
    delivery.created_ms = rows.int64(r, 9);
    delivery.updated_ms = rows.int64(r, 10);
    delivery.last_http_status = rows.integer(r, 11);
    delivery.last_response = rows.text(r, 12);
    delivery.redelivered_after = rows.integer(r, 13);
    out.push_back(std::move(delivery));
  }
  return out;
}

StoreResult<std::vector<TaskRecord>> read_tasks(const PgRows& rows) {
  std::vector<TaskRecord> out;
  out.reserve(static_cast<size_t>(rows.size()));
  for (int r = 0; r < rows.size(); ++r) {
    TG_TRY_ASSIGN(TaskRecord record, read_task(rows, r));
    out.push_back(std::move(record));
  }
  return out;
}

std::vector<PgValue> values_of(const TaskQuerySql& built) {
  std::vector<PgValue> values;
  values.reserve(built.values.size());
  for (const TaskQuerySql::Value& value : built.values) {
    if (const auto* text = std::get_if<std::string>(&value)) {
      values.emplace_back(*text);
    } else {
      values.emplace_back(std::get<int64_t>(value));
    }
  }
  return values;
}

// findable() for every text value of a built query.
bool all_findable(const TaskQuerySql& built) {
  for (const TaskQuerySql::Value& value : built.values) {
    if (const auto* text = std::get_if<std::string>(&value); text != nullptr && !findable(*text)) return false;
  }
  return true;
}

// The record of a task just queued at now_ms.
TaskRecord queued_record(const std::string& id, const TaskSpec& spec, int64_t now_ms) {
  TaskRecord record;
  record.id = id;
  record.spec = spec;
  record.created_ms = now_ms;
  record.updated_ms = now_ms;
  return record;
}

using AppSet = std::set<std::pair<std::string, std::string>>;

// The (api, app_id) pairs as two array parameters, appended to `params`; `wanted (api, app_id)` in SQL is
// kWantedApps with the two parameters' numbers.
void app_arrays(const AppSet& apps, std::vector<PgValue>& params) {
  std::vector<std::string> apis, app_ids;
  for (const auto& [api, app_id] : apps) {
    apis.push_back(api);
    app_ids.push_back(app_id);
  }
  params.emplace_back(text_array(apis));
  params.emplace_back(text_array(app_ids));
}
const std::string kWantedApps = "wanted (api, app_id) AS (SELECT * FROM unnest($1::text[], $2::text[]))";

// fair_claim_sql::kEnsureTurn for every app at once, reading first: an insert that meets a row another claim
// is updating would wait for it, so an app is only inserted when no row of it is seen.
const std::string kEnsureTurns =
    "WITH " + kWantedApps +
    " INSERT INTO app_turns (api, app_id, last_turn, first_queued_ms) SELECT w.api, w.app_id, 0, $3::bigint FROM "
    "wanted w WHERE NOT EXISTS (SELECT 1 FROM app_turns t WHERE t.api = w.api AND t.app_id = w.app_id) "
    "ON CONFLICT (api, app_id) DO NOTHING";

StoreResult<PgRows> ensure_turns(PgConnection& conn, const AppSet& apps, int64_t first_queued_ms) {
  std::vector<PgValue> params;
  app_arrays(apps, params);
  params.emplace_back(first_queued_ms);
  return conn.exec(kEnsureTurns, params);
}

// QUEUED rows from arrays of their columns ($1..$10, $12) created at $11: one statement text for any batch.
const std::string kInsertTasks =
    "INSERT INTO tasks (id, app_id, api, vendor, type, source_id, input, params, callback_url, extra, status, "
    "progress, attempts, error_code, error_message, outputs, created_ms, updated_ms, started_ms, finished_ms, "
    "lease_until_ms, worker_id, request) SELECT t.id, t.app_id, t.api, t.vendor, t.type, t.source_id, t.input, "
    "t.params, t.callback_url, t.extra, " +
    kQueuedSql +
    ", 0, 0, '', '', '[]', $11::bigint, $11::bigint, 0, 0, 0, '', t.request FROM unnest($1::text[], $2::text[], "
    "$3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $12::text[]) "
    "AS t (id, app_id, api, vendor, type, source_id, input, params, callback_url, extra, request)";

// Inserts QUEUED rows created at now_ms in one statement, and a turn entry for each app among them (one
// statement for all); the caller holds a transaction. A batch of submissions costs two statements, not two
// per task.
StoreResult<bool> insert_tasks(PgConnection& conn, const std::vector<const EnqueueRequest*>& tasks, int64_t now_ms) {
  if (tasks.empty()) return true;
  std::vector<std::vector<std::string>> columns(11);
  for (auto& column : columns) column.reserve(tasks.size());
  AppSet apps;
  for (const EnqueueRequest* task : tasks) {
    const TaskSpec& spec = task->spec;
    std::string values[] = {task->id,   spec.app_id, spec.api,          spec.vendor,       spec.type,   spec.source_id,
                            spec.input, encode_job(spec.job), spec.callback_url, spec.extra, spec.request};
    for (std::size_t c = 0; c < columns.size(); ++c) columns[c].push_back(std::move(values[c]));
    apps.emplace(spec.api, spec.app_id);
  }
  std::vector<PgValue> params;
  params.reserve(12);
  for (std::size_t c = 0; c < 10; ++c) params.emplace_back(text_array(columns[c]));
  params.emplace_back(now_ms);
  params.emplace_back(text_array(columns[10]));
  TG_TRY(context(conn.exec(kInsertTasks, params), "create tasks from " + tasks.front()->id));
  TG_TRY(context(ensure_turns(conn, apps, now_ms), "create the turns of tasks from " + tasks.front()->id));
  return true;
}

// insert_tasks() of one task.
StoreResult<TaskRecord> insert_task(PgConnection& conn, const std::string& id, const TaskSpec& spec, int64_t now_ms) {
  if (id.empty()) return failure<TaskRecord>("task id is empty");
  const EnqueueRequest one{id, spec, QueueLimits{}};
  TG_TRY(insert_tasks(conn, {&one}, now_ms));
  return queued_record(id, spec, now_ms);
}

StoreResult<int64_t> count_one(PgConnection& conn, const std::string& sql, std::vector<PgValue> params = {}) {
  TG_TRY_ASSIGN(PgRows rows, conn.exec(sql, params));
  return rows.int64(0, 0);
}

// The queued counts of a batch's apps and of the whole queue, as one statement reads them.
struct QueueSnapshot {
  std::optional<int64_t> all;
  std::map<std::pair<std::string, std::string>, int64_t> of_app;
};

// One row per (api, app_id) of the arrays $1, $2 (whole = 0) and one for the whole queue (whole = 1).
const std::string kReadQueueCounts =
    "WITH " + kWantedApps +
    " SELECT 0, w.api, w.app_id, (COALESCE((SELECT queued FROM queue_counts c WHERE c.api = w.api AND "
    "c.app_id = w.app_id), 0) + COALESCE((SELECT SUM(delta) FROM queue_count_deltas d WHERE d.api = w.api AND "
    "d.app_id = w.app_id), 0))::bigint FROM wanted w UNION ALL SELECT 1, '', '', " +
    kQueuedAllValue;

StoreResult<QueueSnapshot> read_queue_counts(PgConnection& conn, const std::vector<EnqueueRequest>& requests) {
  AppSet apps;
  for (const EnqueueRequest& request : requests) apps.emplace(request.spec.api, request.spec.app_id);
  std::vector<PgValue> params;
  app_arrays(apps, params);
  TG_TRY_ASSIGN(PgRows rows, context(conn.exec(kReadQueueCounts, params), "count the queue"));
  QueueSnapshot snapshot;
  for (int row = 0; row < rows.size(); ++row) {
    if (rows.int64(row, 0) == 1) {
      snapshot.all = rows.int64(row, 3);
    } else {
      snapshot.of_app[{rows.text(row, 1), rows.text(row, 2)}] = rows.int64(row, 3);
    }
  }
  return snapshot;
}

// Ends the task's running attempt, if any, with `outcome`; the caller holds a transaction.
StoreResult<bool> end_attempt(PgConnection& conn, const std::string& task_id, int64_t now_ms, const char* outcome,
                              const std::string& error_code, const std::string& error_message) {
  TG_TRY_ASSIGN(PgRows rows, context(conn.exec("UPDATE task_attempts SET ended_ms = $2, outcome = $3, error_code = $4, "
                                               "error_message = $5 WHERE task_id = $1 AND ended_ms = 0",
                                               {task_id, now_ms, std::string(outcome), error_code, error_message}),
                                     "end attempt of " + task_id));
  return rows.affected() > 0;
}

bool valid_state(const std::string& state) { return parse_delivery_state(state).has_value(); }

}  // namespace

StoreResult<std::unique_ptr<PgTaskStore>> PgTaskStore::open(const std::string& url, Options options) {
  TG_TRY_ASSIGN(std::unique_ptr<PgPool> pool,
                PgPool::open(url, PgPool::Options{.size = options.pool_size,
                                                 .connect_timeout_s = options.connect_timeout_s,
                                                 .answer_timeout = options.answer_timeout}));
  {
    TG_TRY_ASSIGN(PgPool::Lease conn, pool->acquire());
    auto migrated = apply_pg_migrations(*conn, embedded_pg_migrations());
    if (!migrated) return failure<std::unique_ptr<PgTaskStore>>("migrating " + conn->name() + ": " + migrated.error().message);
  }
  return std::unique_ptr<PgTaskStore>(new PgTaskStore(url, options, std::move(pool)));
}

PgTaskStore::~PgTaskStore() = default;

StoreResult<TaskRecord> PgTaskStore::create(const std::string& id, const TaskSpec& spec, int64_t now_ms) {
  if (id.empty()) return failure<TaskRecord>("task id is empty");
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  PgTransaction txn(*conn);
  TG_TRY(txn.begin());
  TG_TRY_ASSIGN(TaskRecord record, insert_task(*conn, id, spec, now_ms));
  TG_TRY(conn->exec(kNotifyTasks));
  TG_TRY(txn.commit());
  return record;
}

// The limits are counted and the row inserted under a transaction-level advisory lock (pg_lock::kEnqueue),
// taken only when a limit is set: enqueues with limits follow one another, so that two cannot both see
// the last free place. Claims do not take it: they only shorten the queue, so a count can only be high.
StoreResult<Enqueued> PgTaskStore::enqueue(const std::string& id, const TaskSpec& spec, int64_t now_ms,
                                           const QueueLimits& limits) {
  TG_TRY_ASSIGN(std::vector<Enqueued> answers, enqueue_many({EnqueueRequest{id, spec, limits}}, now_ms));
  return std::move(answers.front());
}

StoreResult<std::vector<Enqueued>> PgTaskStore::enqueue_many(const std::vector<EnqueueRequest>& requests,
                                                             int64_t now_ms) {
  std::vector<Enqueued> answers;
  if (requests.empty()) return answers;
  for (const EnqueueRequest& request : requests) {
    if (request.id.empty()) return failure<std::vector<Enqueued>>("task id is empty");
  }
  const bool limited = std::any_of(requests.begin(), requests.end(), [](const EnqueueRequest& request) {
    return request.limits.max_queued > 0 || request.limits.max_queued_per_app > 0;
  });
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  PgTransaction txn(*conn);
  TG_TRY(txn.begin());
  if (limited) {
    TG_TRY(conn->exec("SELECT pg_advisory_xact_lock($1::int, " + std::string(pg_lock::kSchemaKeySql) + ")",
                      {static_cast<int64_t>(pg_lock::kEnqueue)}));
  }
  // Every count the batch may need, read in one round trip (after the lock, so no other batch moves them).
  QueueSnapshot counts;
  if (limited) {
    TG_TRY_ASSIGN(counts, read_queue_counts(*conn, requests));
  }
  TG_TRY_ASSIGN(answers, admit_batch(requests, QueueCounter{
                                                     .all = [&]() -> StoreResult<int64_t> {
                                                       if (counts.all) return *counts.all;
                                                       return count_one(*conn, kQueuedAll);
                                                     },
                                                     .of_app = [&](const std::string& api, const std::string& app_id)
                                                         -> StoreResult<int64_t> {
                                                       auto found = counts.of_app.find({api, app_id});
                                                       if (found != counts.of_app.end()) return found->second;
                                                       return count_one(*conn, kQueuedOfApp, {api, app_id});
                                                     },
                                                 }));
  std::vector<const EnqueueRequest*> admitted;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    if (answers[i].outcome != Enqueued::Outcome::kQueued) continue;
    answers[i].record = queued_record(requests[i].id, requests[i].spec, now_ms);
    admitted.push_back(&requests[i]);
  }
  TG_TRY(insert_tasks(*conn, admitted, now_ms));
  if (!admitted.empty()) TG_TRY(conn->exec(kNotifyTasks));
  TG_TRY(txn.commit());
  return answers;
}

StoreResult<std::optional<TaskRecord>> PgTaskStore::get(const std::string& id) {
  using Found = std::optional<TaskRecord>;
  if (!findable(id)) return Found();
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  TG_TRY_ASSIGN(PgRows rows, conn->exec(std::string("SELECT ") + kTaskColumns + " FROM tasks WHERE id = $1", {id}));
  if (rows.size() == 0) return Found();
  TG_TRY_ASSIGN(TaskRecord record, read_task(rows, 0));
  return Found(std::move(record));
}

StoreResult<std::optional<TaskRecord>> PgTaskStore::claim(const std::string& worker_id, int64_t now_ms,
                                                          int64_t lease_ms) {
  return claim_matching(worker_id, now_ms, lease_ms, true);
}

StoreResult<std::optional<TaskRecord>> PgTaskStore::claim_local(const std::string& worker_id, int64_t now_ms,
                                                                int64_t lease_ms) {
  return claim_matching(worker_id, now_ms, lease_ms, false);
}

// One transaction: the app whose turn it is (a plain read), then one UPDATE that picks its oldest queued
// task with FOR UPDATE SKIP LOCKED (a row another claim is taking is passed over, never waited for, and
// never taken twice: the pick re-reads the row it locks and the outer WHERE keeps the status test), the
// attempt row, and the app's turn moved last (also SKIP LOCKED: claims never wait on each other).
StoreResult<std::optional<TaskRecord>> PgTaskStore::claim_matching(const std::string& worker_id, int64_t now_ms,
                                                                   int64_t lease_ms, bool remote) {
  using Claimed = std::optional<TaskRecord>;
  const int64_t remote_flag = remote ? 1 : 0;
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  PgTransaction txn(*conn);
  TG_TRY(txn.begin());
  TG_TRY_ASSIGN(PgRows next, context(conn->exec(kNextApp, {remote_flag}), "claim"));
  auto take = [&](const std::string& pick, const std::string& api, const std::string& app_id) -> StoreResult<Claimed> {
    TG_TRY_ASSIGN(PgRows rows,
                  context(conn->exec("UPDATE tasks SET status = " + kRunningSql +
                                         ", worker_id = $3, lease_until_ms = $4, attempts = attempts + 1, "
                                         "progress = 0, started_ms = $5, updated_ms = $5 WHERE id = (" + pick +
                                         " FOR UPDATE SKIP LOCKED) AND status = " + kQueuedSql + " RETURNING " +
                                         kTaskColumns,
                                     {api, app_id, worker_id, now_ms + lease_ms, now_ms, remote_flag}),
                          "claim"));
    if (rows.size() == 0) return Claimed();
    TG_TRY_ASSIGN(TaskRecord record, read_task(rows, 0));
    return Claimed(std::move(record));
  };
  Claimed claimed;
  if (next.size() > 0) {
    TG_TRY_ASSIGN(claimed, take(kOldestOfApp, next.text(0, 0), next.text(0, 1)));
  }
  // The app's queued tasks are all being taken by others (or it has no turn entry): the oldest of any app.
  if (!claimed) {
    TG_TRY_ASSIGN(claimed, take(kOldestOfAll, std::string(), std::string()));
  }
  if (!claimed) {
    TG_TRY(txn.commit());
    return claimed;
  }
  const TaskRecord& task = *claimed;
  // An attempt left running (a crash before its lease was rescued) ended when its task was taken again.
  TG_TRY(end_attempt(*conn, task.id, now_ms, kAttemptLeaseExpired, std::string(), std::string()));
  TG_TRY(context(conn->exec(std::string("INSERT INTO task_attempts (task_id, number, worker_id, started_ms, ended_ms, "
                                        "outcome) VALUES ($1, (SELECT COALESCE(MAX(number), 0) + 1 FROM task_attempts "
                                        "WHERE task_id = $1), $2, $3, 0, '") + kAttemptRunning + "')",
                            {task.id, worker_id, now_ms}),
                 "record attempt of " + task.id));
  TG_TRY(context(ensure_turns(*conn, {{task.spec.api, task.spec.app_id}}, task.created_ms), "claim"));
  TG_TRY(context(conn->exec(kTakeTurn, {task.spec.api, task.spec.app_id}), "claim"));
  TG_TRY(txn.commit());
  return claimed;
}

StoreResult<bool> PgTaskStore::heartbeat(const std::string& id, const std::string& worker_id, int progress,
                                         int64_t now_ms, int64_t lease_ms) {
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  TG_TRY_ASSIGN(PgRows rows,
                context(conn->exec("UPDATE tasks SET lease_until_ms = $1, progress = $2, updated_ms = $3 "
                                   "WHERE id = $4 AND status = " + kRunningSql + " AND worker_id = $5",
                                   {now_ms + lease_ms, static_cast<int64_t>(std::clamp(progress, 0, 100)), now_ms, id,
                                    worker_id}),
                        "heartbeat"));
  return rows.affected() == 1;
}

StoreResult<bool> PgTaskStore::finish(const std::string& update, std::vector<PgValue> params, const std::string& id,
                                      int64_t now_ms, const std::optional<CallbackDelivery>& callback,
                                      const char* outcome, const std::string& error_code,
                                      const std::string& error_message) {
  if (callback && !valid_state(callback->state)) {
    return failure<bool>("callback state " + callback->state + " is not known");
  }
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  PgTransaction txn(*conn);
  TG_TRY(txn.begin());
  TG_TRY_ASSIGN(PgRows updated, context(conn->exec(update, params), "finish task " + id));
  if (updated.affected() != 1) return false;
  TG_TRY(end_attempt(*conn, id, now_ms, outcome, error_code, error_message));
  if (callback) {
    const int64_t due_ms = callback->next_attempt_ms > 0 ? callback->next_attempt_ms : now_ms;
    TG_TRY(context(conn->exec("INSERT INTO callbacks (task_id, url, body, content_type, attempts, next_attempt_ms, "
                              "state, last_error, created_ms, updated_ms) "
                              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
                              {id, callback->url, callback->body, callback->content_type,
                               static_cast<int64_t>(callback->attempts), due_ms, callback->state,
                               callback->last_error, now_ms}),
                   "queue callback"));
    if (due_ms <= now_ms && callback->state == to_string(DeliveryState::kPending)) {
      TG_TRY(conn->exec(kNotifyCallbacks));
    }
  }
  TG_TRY(txn.commit());
  return true;
}

StoreResult<bool> PgTaskStore::complete(const std::string& id, const std::string& worker_id,
                                        const std::vector<TaskOutput>& outputs, int64_t now_ms,
                                        const std::optional<CallbackDelivery>& callback) {
  return finish("UPDATE tasks SET status = " + kSucceededSql +
                    ", progress = 100, outputs = $1, error_code = '', error_message = '', finished_ms = $2, "
                    "updated_ms = $2, lease_until_ms = 0 WHERE id = $3 AND status = " + kRunningSql +
                    " AND worker_id = $4",
                {encode_outputs(outputs), now_ms, id, worker_id}, id, now_ms, callback, kAttemptSucceeded,
                std::string(), std::string());
}

StoreResult<bool> PgTaskStore::fail(const std::string& id, const std::string& worker_id, const std::string& error_code,
                                    const std::string& error_message, int64_t now_ms,
                                    const std::optional<CallbackDelivery>& callback) {
  return finish("UPDATE tasks SET status = " + kFailedSql +
                    ", error_code = $1, error_message = $2, outputs = '[]', finished_ms = $3, updated_ms = $3, "
                    "lease_until_ms = 0 WHERE id = $4 AND status = " + kRunningSql + " AND worker_id = $5",
                {error_code, error_message, now_ms, id, worker_id}, id, now_ms, callback, kAttemptFailed, error_code,
                error_message);
}

StoreResult<bool> PgTaskStore::release(const std::string& id, const std::string& worker_id, int64_t now_ms,
                                       int64_t retry_at_ms, bool refund_attempt, const std::string& error_code,
                                       const std::string& error_message) {
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  PgTransaction txn(*conn);
  TG_TRY(txn.begin());
  // A later retry keeps the row RUNNING under no worker with the retry time as its lease (as SQLite does).
  TG_TRY_ASSIGN(PgRows rows,
                context(conn->exec("UPDATE tasks SET status = CASE WHEN $1 <= $2 THEN " + kQueuedSql + " ELSE " +
                                       kRunningSql + " END, worker_id = '', lease_until_ms = CASE WHEN $1 <= $2 THEN 0 "
                                       "ELSE $1 END, progress = 0, updated_ms = $2, attempts = CASE WHEN $3 = 1 AND "
                                       "attempts > 0 THEN attempts - 1 ELSE attempts END WHERE id = $4 AND status = " +
                                       kRunningSql + " AND worker_id = $5",
                                   {retry_at_ms, now_ms, static_cast<int64_t>(refund_attempt ? 1 : 0), id, worker_id}),
                        "release task " + id));
  if (rows.affected() != 1) return false;
  if (refund_attempt) {
    TG_TRY(end_attempt(*conn, id, now_ms, kAttemptReleased, std::string(), std::string()));
  } else {
    TG_TRY(end_attempt(*conn, id, now_ms, kAttemptRetry, error_code, error_message));
  }
  if (retry_at_ms <= now_ms) TG_TRY(conn->exec(kNotifyTasks));
  TG_TRY(txn.commit());
  return true;
}

StoreResult<int> PgTaskStore::requeue_expired(int64_t now_ms) {
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  PgTransaction txn(*conn);
  TG_TRY(txn.begin());
  // One statement: the tasks go back, and the attempts of those that had one running end.
  TG_TRY_ASSIGN(PgRows rows,
                context(conn->exec("WITH requeued AS (UPDATE tasks SET status = " + kQueuedSql +
                                       ", worker_id = '', lease_until_ms = 0, progress = 0, updated_ms = $1 "
                                       "WHERE status = " + kRunningSql + " AND lease_until_ms < $1 RETURNING id), "
                                       "ended AS (UPDATE task_attempts SET outcome = '" + kAttemptLeaseExpired +
                                       "', ended_ms = $1 WHERE ended_ms = 0 AND task_id IN (SELECT id FROM requeued)) "
                                       "SELECT COUNT(*) FROM requeued",
                                   {now_ms}),
                        "requeue"));
  const int requeued = rows.integer(0, 0);
  if (requeued > 0) TG_TRY(conn->exec(kNotifyTasks));
  TG_TRY(txn.commit());
  return requeued;
}

StoreResult<int> PgTaskStore::fold_counts() {
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  TG_TRY_ASSIGN(PgRows rows, context(conn->exec(kFoldCounts), "fold queue counts"));
  return static_cast<int>(rows.affected());
}

StoreResult<bool> PgTaskStore::try_lead_upkeep() {
  std::lock_guard lock(upkeep_mutex_);
  if (upkeep_ && leading_) {
    // Still the leader while the session holding the lock lives.
    if (upkeep_->exec("SELECT 1")) return true;
    upkeep_.reset();  // the session went, and the lock with it: try to take it again next call
    leading_ = false;
    return false;
  }
  if (upkeep_ && upkeep_->broken()) upkeep_.reset();
  if (!upkeep_) {
    TG_TRY_ASSIGN(upkeep_, PgConnection::connect(url_, options_.connect_timeout_s));
    upkeep_->set_answer_timeout(options_.answer_timeout);
  }
  auto rows = upkeep_->exec("SELECT pg_try_advisory_lock($1::int, " + std::string(pg_lock::kSchemaKeySql) + ")",
                            {static_cast<int64_t>(pg_lock::kUpkeep)});
  if (!rows) {
    const bool lost = upkeep_->broken();
    upkeep_.reset();
    if (lost) return false;
    return tg::unexpected(rows.error());
  }
  leading_ = rows->text(0, 0) == "t";  // false: another process leads
  return leading_;
}

StoreResult<bool> PgTaskStore::cancel(const std::string& id, int64_t now_ms) {
  if (!findable(id)) return false;
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  // A task waiting for a retry is RUNNING under no worker (see release()); it is waiting too.
  TG_TRY_ASSIGN(PgRows rows,
                context(conn->exec("UPDATE tasks SET status = " + kCanceledSql +
                                       ", worker_id = '', lease_until_ms = 0, progress = 0, updated_ms = $1, "
                                       "finished_ms = $1 WHERE id = $2 AND (status = " + kQueuedSql +
                                       " OR (status = " + kRunningSql + " AND worker_id = ''))",
                                   {now_ms, id}),
                        "cancel task " + id));
  return rows.affected() == 1;
}

StoreResult<bool> PgTaskStore::retry(const std::string& id, int64_t now_ms) {
  if (!findable(id)) return false;
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  PgTransaction txn(*conn);
  TG_TRY(txn.begin());
  TG_TRY_ASSIGN(PgRows rows,
                context(conn->exec("UPDATE tasks SET status = " + kQueuedSql +
                                       ", attempts = 0, progress = 0, error_code = '', error_message = '', "
                                       "outputs = '[]', started_ms = 0, finished_ms = 0, lease_until_ms = 0, "
                                       "worker_id = '', updated_ms = $1 WHERE id = $2 AND status IN (" +
                                       kFailedSql + ", " + kCanceledSql + ")",
                                   {now_ms, id}),
                        "retry task " + id));
  if (rows.affected() != 1) return false;
  TG_TRY(conn->exec(kNotifyTasks));
  TG_TRY(txn.commit());
  return true;
}

StoreResult<std::vector<std::pair<TaskStatus, int64_t>>> PgTaskStore::count_by_status() {
  using Counts = std::vector<std::pair<TaskStatus, int64_t>>;
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  TG_TRY_ASSIGN(PgRows rows, context(conn->exec("SELECT status, COUNT(*) FROM tasks GROUP BY status"),
                                     "count by status"));
  Counts counts;
  for (int r = 0; r < rows.size(); ++r) {
    if (auto status = parse_status(rows.text(r, 0))) counts.emplace_back(*status, rows.int64(r, 1));
  }
  return counts;
}

StoreResult<bool> PgTaskStore::probe_write(int64_t now_ms) {
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  TG_TRY(context(conn->exec("INSERT INTO readiness (id, checked_ms) VALUES (1, $1) "
                            "ON CONFLICT (id) DO UPDATE SET checked_ms = $1",
                            {now_ms}),
                 "write probe"));
  return true;
}

StoreResult<std::vector<TaskRecord>> PgTaskStore::list(const TaskQuery& query) {
  if (query.ids.size() > kMaxQueryIds) return failure<std::vector<TaskRecord>>("list: more than 100 task ids");
  const TaskQuerySql built = task_list_sql(query, SqlDialect::kPostgres);
  if (!all_findable(built)) return std::vector<TaskRecord>();
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  TG_TRY_ASSIGN(PgRows rows, context(conn->exec(built.sql, values_of(built)), "list tasks"));
  return read_tasks(rows);
}

StoreResult<int64_t> PgTaskStore::count(const TaskQuery& query) {
  if (query.ids.size() > kMaxQueryIds) return failure<int64_t>("count: more than 100 task ids");
  const TaskQuerySql built = task_count_sql(query, SqlDialect::kPostgres);
  if (!all_findable(built)) return int64_t{0};
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  return context(count_one(*conn, built.sql, values_of(built)), "count tasks");
}

StoreResult<bool> PgTaskStore::replace_outputs(const std::string& id, const std::vector<TaskOutput>& outputs) {
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  TG_TRY_ASSIGN(PgRows rows, context(conn->exec("UPDATE tasks SET outputs = $1 WHERE id = $2 AND status = " +
                                                    kSucceededSql,
                                                {encode_outputs(outputs), id}),
                                     "replace outputs"));
  return rows.affected() == 1;
}

StoreResult<std::vector<std::string>> PgTaskStore::finished_before(int64_t cutoff_ms, int limit) {
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  TG_TRY_ASSIGN(PgRows rows,
                context(conn->exec("SELECT id FROM tasks WHERE status IN (" + kFinalSql +
                                       ") AND created_ms < $1 AND finished_ms < $1 AND NOT EXISTS (SELECT 1 FROM "
                                       "callbacks WHERE callbacks.task_id = tasks.id AND callbacks.state = " +
                                       kPendingSql + ") ORDER BY created_ms, id LIMIT $2",
                                   {cutoff_ms, static_cast<int64_t>(std::clamp(limit, 0, 10000))}),
                        "finished tasks"));
  std::vector<std::string> ids;
  for (int r = 0; r < rows.size(); ++r) ids.push_back(rows.text(r, 0));
  return ids;
}

StoreResult<int> PgTaskStore::delete_finished(const std::vector<std::string>& ids) {
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  PgTransaction txn(*conn);
  TG_TRY(txn.begin());
  int deleted = 0;
  // Callbacks, their attempts and the task's attempts go with the task (ON DELETE CASCADE).
  for (const std::string& id : ids) {
    TG_TRY_ASSIGN(PgRows rows, context(conn->exec("DELETE FROM tasks WHERE id = $1 AND status IN (" + kFinalSql + ")",
                                                  {id}),
                                       "delete task " + id));
    deleted += static_cast<int>(rows.affected());
  }
  TG_TRY(txn.commit());
  return deleted;
}

StoreResult<std::vector<TaskAttempt>> PgTaskStore::attempts(const std::string& task_id) {
  if (!findable(task_id)) return std::vector<TaskAttempt>();
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  TG_TRY_ASSIGN(PgRows rows,
                context(conn->exec("SELECT number, worker_id, started_ms, ended_ms, outcome, error_code, error_message "
                                   "FROM task_attempts WHERE task_id = $1 ORDER BY number",
                                   {task_id}),
                        "attempts"));
  std::vector<TaskAttempt> out;
  for (int r = 0; r < rows.size(); ++r) {
    out.push_back(TaskAttempt{rows.integer(r, 0), rows.text(r, 1), rows.int64(r, 2), rows.int64(r, 3),
                              rows.text(r, 4), rows.text(r, 5), rows.text(r, 6)});
  }
  return out;
}

StoreResult<std::vector<ApiStatusCount>> PgTaskStore::counts_since(int64_t since_ms) {
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  TG_TRY_ASSIGN(PgRows rows, context(conn->exec("SELECT api, status, COUNT(*) FROM tasks WHERE created_ms >= $1 "
                                                "GROUP BY api, status ORDER BY api, status",
                                                {since_ms}),
                                     "counts"));
  std::vector<ApiStatusCount> counts;
  for (int r = 0; r < rows.size(); ++r) {
    // A status this program does not know (written by a newer one) is left out, as count_by_status() does.
    if (auto status = parse_status(rows.text(r, 1))) {
      counts.push_back(ApiStatusCount{rows.text(r, 0), *status, rows.int64(r, 2)});
    }
  }
  return counts;
}

StoreResult<std::vector<TypeEngineTime>> PgTaskStore::engine_time_since(int64_t since_ms) {
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  // A finished task's last run went from started_ms (its claim) to finished_ms.
  TG_TRY_ASSIGN(PgRows rows,
                context(conn->exec("SELECT type, COUNT(*), SUM(run_ms)::bigint, MAX(run_ms) FROM (SELECT type, CASE "
                                   "WHEN started_ms > 0 AND finished_ms > started_ms THEN finished_ms - started_ms "
                                   "ELSE 0 END AS run_ms FROM tasks WHERE status IN (" + kSucceededSql + ", " +
                                       kFailedSql + ") AND finished_ms >= $1) AS finished GROUP BY type ORDER BY type",
                                   {since_ms}),
                        "engine time"));
  std::vector<TypeEngineTime> out;
  for (int r = 0; r < rows.size(); ++r) {
    out.push_back(TypeEngineTime{rows.text(r, 0), rows.int64(r, 1), rows.int64(r, 2), rows.int64(r, 3)});
  }
  return out;
}

StoreResult<int64_t> PgTaskStore::count_queued() {
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  return context(count_one(*conn, kQueuedAll), "count");
}

StoreResult<int64_t> PgTaskStore::count_queued(const std::string& api, const std::string& app_id) {
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  return context(count_one(*conn, kQueuedOfApp, {api, app_id}), "count");
}

// One statement claims what it returns: each delivery's next attempt moves to now + callback_claim_ms, so
// that no other process POSTs it meanwhile (rows another process is claiming are skipped, not waited for).
// update_callback() then records the real outcome; a process that dies mid-POST leaves it due again later.
StoreResult<std::vector<CallbackDelivery>> PgTaskStore::due_callbacks(int64_t now_ms, int limit) {
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  TG_TRY_ASSIGN(PgRows rows,
                context(conn->exec(std::string("WITH due AS (SELECT id, next_attempt_ms AS due_ms FROM callbacks "
                                               "WHERE state = ") + kPendingSql +
                                       " AND next_attempt_ms <= $1 ORDER BY next_attempt_ms, id LIMIT $3 "
                                       "FOR UPDATE SKIP LOCKED), claimed AS (UPDATE callbacks c SET next_attempt_ms = "
                                       "$2 FROM due WHERE c.id = due.id RETURNING c.*, due.due_ms) SELECT " +
                                       kCallbackColumns + " FROM claimed ORDER BY due_ms, id",
                                   {now_ms, now_ms + options_.callback_claim_ms,
                                    static_cast<int64_t>(std::clamp(limit, 0, 1000))}),
                        "due callbacks"));
  return read_callbacks(rows);
}

StoreResult<bool> PgTaskStore::update_callback(const CallbackDelivery& delivery) {
  if (!valid_state(delivery.state)) return failure<bool>("callback state " + delivery.state + " is not known");
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  PgTransaction txn(*conn);
  TG_TRY(txn.begin());
  TG_TRY_ASSIGN(PgRows updated,
                context(conn->exec("UPDATE callbacks SET attempts = $1, next_attempt_ms = $2, state = $3, "
                                   "last_error = $4, updated_ms = $5, last_http_status = $6, last_response = $7, "
                                   "redelivered_after = $8 WHERE id = $9",
                                   {static_cast<int64_t>(delivery.attempts), delivery.next_attempt_ms, delivery.state,
                                    delivery.last_error, delivery.updated_ms,
                                    static_cast<int64_t>(delivery.last_http_status), delivery.last_response,
                                    static_cast<int64_t>(delivery.redelivered_after), delivery.id}),
                        "update callback"));
  if (updated.affected() != 1) return false;
  TG_TRY(context(conn->exec("INSERT INTO callback_attempts (callback_id, number, at_ms, http_status, error, "
                            "response_snippet) VALUES ($1, (SELECT COALESCE(MAX(number), 0) + 1 FROM callback_attempts "
                            "WHERE callback_id = $1), $2, $3, $4, $5)",
                            {delivery.id, delivery.updated_ms, static_cast<int64_t>(delivery.last_http_status),
                             delivery.last_error, delivery.last_response}),
                 "record callback attempt"));
  TG_TRY(txn.commit());
  return true;
}

StoreResult<std::vector<CallbackDelivery>> PgTaskStore::callbacks_for(const std::string& task_id) {
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  TG_TRY_ASSIGN(PgRows rows, context(conn->exec(std::string("SELECT ") + kCallbackColumns +
                                                    " FROM callbacks WHERE task_id = $1 ORDER BY id",
                                                {task_id}),
                                     "callbacks"));
  return read_callbacks(rows);
}

StoreResult<std::vector<CallbackAttempt>> PgTaskStore::callback_attempts(const std::string& task_id) {
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  TG_TRY_ASSIGN(PgRows rows,
                context(conn->exec("SELECT a.callback_id, a.number, a.at_ms, a.http_status, a.error, "
                                   "a.response_snippet FROM callbacks c JOIN callback_attempts a ON a.callback_id = "
                                   "c.id WHERE c.task_id = $1 ORDER BY a.callback_id, a.number",
                                   {task_id}),
                        "callback attempts"));
  std::vector<CallbackAttempt> out;
  for (int r = 0; r < rows.size(); ++r) {
    out.push_back(CallbackAttempt{rows.int64(r, 0), rows.integer(r, 1), rows.int64(r, 2), rows.integer(r, 3),
                                  rows.text(r, 4), rows.text(r, 5)});
  }
  return out;
}

StoreResult<Redelivery> PgTaskStore::redeliver(int64_t callback_id, int64_t now_ms) {
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  PgTransaction txn(*conn);
  TG_TRY(txn.begin());
  // updated_ms stays the time of the last attempt made; the retry schedule restarts after the attempts so far.
  TG_TRY_ASSIGN(PgRows updated,
                context(conn->exec("UPDATE callbacks SET state = " + kPendingSql +
                                       ", next_attempt_ms = $1, redelivered_after = attempts WHERE id = $2 AND "
                                       "state <> " + kPendingSql,
                                   {now_ms, callback_id}),
                        "redeliver callback"));
  if (updated.affected() == 1) {
    TG_TRY(conn->exec(kNotifyCallbacks));
    TG_TRY(txn.commit());
    return Redelivery::kQueued;
  }
  TG_TRY_ASSIGN(PgRows found, context(conn->exec("SELECT 1 FROM callbacks WHERE id = $1", {callback_id}),
                                      "redeliver callback"));
  TG_TRY(txn.commit());
  return found.size() > 0 ? Redelivery::kAlreadyPending : Redelivery::kUnknown;
}

StoreResult<std::pair<int64_t, int64_t>> PgTaskStore::callback_health(int64_t since_ms) {
  using Health = std::pair<int64_t, int64_t>;
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  TG_TRY_ASSIGN(PgRows rows,
                context(conn->exec("SELECT (SELECT COUNT(*) FROM callbacks WHERE state = " + kDeliveryFailedSql +
                                       " AND updated_ms >= $1), (SELECT COUNT(*) FROM callbacks WHERE state = " +
                                       kPendingSql + ")",
                                   {since_ms}),
                        "callback health"));
  return Health{rows.int64(0, 0), rows.int64(0, 1)};
}

StoreResult<bool> PgTaskStore::put_media(const std::string& file_id, const std::string& source, int64_t now_ms) {
  if (file_id.empty()) return failure<bool>("media file id is empty");
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  // The other processes hear of the change when it is committed.
  TG_TRY(context(conn->exec(kPutMedia, {file_id, source, now_ms}), "put media"));
  media_cache_.forget(file_id);
  return true;
}

StoreResult<std::optional<std::string>> PgTaskStore::get_media(const std::string& file_id) {
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now().time_since_epoch()).count();
  if (!findable(file_id)) return std::optional<std::string>();
  if (auto kept = media_cache_.find(file_id, now_ms)) return *kept;
  const uint64_t generation = media_cache_.generation();
  TG_TRY_ASSIGN(PgPool::Lease conn, pool_->acquire());
  TG_TRY_ASSIGN(PgRows rows, context(conn->exec("SELECT source FROM media WHERE file_id = $1", {file_id}),
                                     "get media"));
  std::optional<std::string> source;
  if (rows.size() > 0) source = rows.text(0, 0);
  media_cache_.keep(file_id, source, now_ms, generation);
  return source;
}

void PgTaskStore::forget_cached_media() { media_cache_.clear(); }

}  // namespace tg::tasks
