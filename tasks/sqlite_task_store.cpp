#include "tasks/sqlite_task_store.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <utility>

#include "tasks/batch_admission.hpp"
#include "tasks/fair_claim_sql.hpp"
#include "tasks/migrations_runner.hpp"
#include "tasks/output_codec.hpp"
#include "tasks/store_sql_names.hpp"
#include "tasks/task_query_sql.hpp"
#include "tasks/wal_write_coalescing.hpp"

namespace tg::tasks {
namespace {

using namespace store_sql;  // tasks/store_sql_names.hpp

StoreError store_error(std::string message) { return StoreError{std::move(message)}; }

template <class T>
StoreResult<T> failure(std::string message) {
  return tg::unexpected(store_error(std::move(message)));
}

// Queued tasks in all, and of app (?1 api, ?2 app_id): the counts the triggers of
// schemas/sql/0006_queue_counts.sql keep, read in O(1) however long the queue is.
const std::string kQueuedCount = "SELECT COALESCE((SELECT queued FROM queued_total WHERE id = 1), 0)";
const std::string kQueuedOfAppCount =
    "SELECT COALESCE((SELECT queued FROM queued_of_app WHERE api = ?1 AND app_id = ?2), 0)";

// Reads a row selected with kTaskColumns.
StoreResult<TaskRecord> read_task(const Statement& row) {
  TaskRecord record;
  record.id = row.text(0);
  record.spec.app_id = row.text(1);
  record.spec.api = row.text(2);
  record.spec.vendor = row.text(3);
  record.spec.type = row.text(4);
  record.spec.source_id = row.text(5);
  record.spec.input = row.text(6);
  auto job = decode_job(row.text(7));
  if (!job) return failure<TaskRecord>("task " + record.id + ": stored params: " + job.error());
  record.spec.job = std::move(*job);
  record.spec.callback_url = row.text(8);
  record.spec.extra = row.text(9);
  auto status = parse_status(row.text(10));
  if (!status) return failure<TaskRecord>("task " + record.id + ": unknown status " + row.text(10));
  record.status = *status;
  record.progress = row.integer(11);
  record.attempts = row.integer(12);
  record.error_code = row.text(13);
  record.error_message = row.text(14);
  auto outputs = decode_outputs(row.text(15));
  if (!outputs) return failure<TaskRecord>("task " + record.id + ": stored " + outputs.error());
  record.outputs = std::move(*outputs);
  record.created_ms = row.int64(16);
  record.updated_ms = row.int64(17);
  record.started_ms = row.int64(18);
  record.finished_ms = row.int64(19);
  record.lease_until_ms = row.int64(20);
  record.worker_id = row.text(21);
  record.spec.request = row.text(22);
  return record;
}

CallbackDelivery read_callback(const Statement& row) {
  CallbackDelivery delivery;
  delivery.id = row.int64(0);
  delivery.task_id = row.text(1);
  delivery.url = row.text(2);
  delivery.body = row.text(3);
  delivery.content_type = row.text(4);
  delivery.attempts = row.integer(5);
  delivery.next_attempt_ms = row.int64(6);
  delivery.state = row.text(7);
  delivery.last_error = row.text(8);
  delivery.created_ms = row.int64(9);
  delivery.updated_ms = row.int64(10);
  delivery.last_http_status = row.integer(11);
  delivery.last_response = row.text(12);
  delivery.redelivered_after = row.integer(13);
  return delivery;
}

// Binds a built statement's values to ?1, ?2, ...
void bind_values(Statement& stmt, const TaskQuerySql& built) {
  for (size_t i = 0; i < built.values.size(); ++i) {
    const int index = static_cast<int>(i) + 1;
    if (const auto* text = std::get_if<std::string>(&built.values[i])) {
      stmt.bind(index, *text);
    } else {
      stmt.bind(index, std::get<int64_t>(built.values[i]));
    }
  }
}

// Steps through every row of `stmt`, reading each with `read`.
template <class T, class Read>
StoreResult<std::vector<T>> collect(Statement& stmt, Read read) {
  std::vector<T> rows;
  for (;;) {
    Statement::Step step = stmt.step();
    if (step == Statement::Step::kDone) return rows;
    if (step == Statement::Step::kError) return failure<std::vector<T>>(stmt.error());
    TG_TRY_ASSIGN(auto item, read(stmt));
    rows.push_back(std::move(item));
  }
}

bool valid_state(const std::string& state) {
  return parse_delivery_state(state).has_value();
}

}  // namespace

StoreResult<std::unique_ptr<SqliteTaskStore>> SqliteTaskStore::open(const std::string& path) {
  auto db = SqliteDatabase::open(path);
  if (!db) return failure<std::unique_ptr<SqliteTaskStore>>(db.error());
  auto migrated = apply_migrations(**db, embedded_migrations());
  if (!migrated) return failure<std::unique_ptr<SqliteTaskStore>>("migrating " + path + ": " + migrated.error());
  std::unique_ptr<SqliteTaskStore> store(new SqliteTaskStore(std::move(*db)));
  if (path != ":memory:" && path.rfind("file:", 0) != 0) {
    auto checkpointer = WalCheckpointer::start(store->db_->handle(), path);
    if (!checkpointer) return failure<std::unique_ptr<SqliteTaskStore>>(checkpointer.error());
    store->checkpointer_ = std::move(*checkpointer);
    auto reader = SqliteDatabase::open(path);
    if (!reader) return failure<std::unique_ptr<SqliteTaskStore>>(reader.error());
    store->reader_ = std::move(*reader);
  }
  return store;
}

StoreResult<TaskRecord> SqliteTaskStore::insert_task(const std::string& id, const TaskSpec& spec, int64_t now_ms) {
  // No callback secret is stored with a task (the column keeps its default ''): callbacks are signed at
  // finish time with the secret the config holds then.
  auto prepared = db_->prepare(
      "INSERT INTO tasks (id, app_id, api, vendor, type, source_id, input, params, callback_url, extra, status, "
      "progress, attempts, error_code, error_message, outputs, created_ms, updated_ms, started_ms, finished_ms, "
      "lease_until_ms, worker_id, request) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + kQueuedSql + ", 0, 0, '', '', '[]', ?, ?, 0, 0, 0, '', ?)");
  if (!prepared) return failure<TaskRecord>(prepared.error());
  {
    Statement stmt(*prepared);
    stmt.bind(1, id)
        .bind(2, spec.app_id)
        .bind(3, spec.api)
        .bind(4, spec.vendor)
        .bind(5, spec.type)
        .bind(6, spec.source_id)
        .bind(7, spec.input)
        .bind(8, encode_job(spec.job))
        .bind(9, spec.callback_url)
        .bind(10, spec.extra)
        .bind(11, now_ms)
        .bind(12, now_ms)
        .bind(13, spec.request);
    if (stmt.step() != Statement::Step::kDone) return failure<TaskRecord>("create task " + id + ": " + stmt.error());
  }
  auto turn = db_->prepare(fair_claim_sql::kEnsureTurn);
  if (!turn) return failure<TaskRecord>(turn.error());
  {
    Statement stmt(*turn);
    stmt.bind(1, spec.api).bind(2, spec.app_id).bind(3, now_ms);
    if (stmt.step() != Statement::Step::kDone) return failure<TaskRecord>("create task " + id + ": " + stmt.error());
  }
  TaskRecord record;
  record.id = id;
  record.spec = spec;
  record.created_ms = now_ms;
  record.updated_ms = now_ms;
  return record;
}

StoreResult<TaskRecord> SqliteTaskStore::create(const std::string& id, const TaskSpec& spec, int64_t now_ms) {
  if (id.empty()) return failure<TaskRecord>("task id is empty");
  std::lock_guard lock(mutex_);
  WriteTransaction txn(*db_);
  if (auto begun = txn.begin(); !begun) return failure<TaskRecord>(begun.error());
  auto record = insert_task(id, spec, now_ms);
  if (!record) return record;
  if (auto committed = txn.commit(); !committed) return failure<TaskRecord>(committed.error());
  return record;
}

StoreResult<Enqueued> SqliteTaskStore::enqueue(const std::string& id, const TaskSpec& spec, int64_t now_ms,
                                               const QueueLimits& limits) {
  if (id.empty()) return failure<Enqueued>("task id is empty");
  std::lock_guard lock(mutex_);
  WriteTransaction txn(*db_);
  if (auto begun = txn.begin(); !begun) return failure<Enqueued>(begun.error());
  Enqueued out;
  if (limits.max_queued > 0) {
    TG_TRY_ASSIGN(const int64_t queued, count_rows(kQueuedCount));
    if (queued >= limits.max_queued) {
      out.outcome = Enqueued::Outcome::kQueueFull;
      out.queued = queued;
      return out;
    }
  }
  if (limits.max_queued_per_app > 0) {
    TG_TRY_ASSIGN(const int64_t queued, count_rows(kQueuedOfAppCount, &spec.api, &spec.app_id));
    if (queued >= limits.max_queued_per_app) {
      out.outcome = Enqueued::Outcome::kAppShareFull;
      out.queued = queued;
      return out;
    }
  }
  TG_TRY_ASSIGN(out.record, insert_task(id, spec, now_ms));
  if (auto committed = txn.commit(); !committed) return failure<Enqueued>(committed.error());
  return out;
}

StoreResult<std::vector<Enqueued>> SqliteTaskStore::enqueue_many(const std::vector<EnqueueRequest>& requests,
                                                                  int64_t now_ms) {
  return enqueue_batch(requests, now_ms, true);
}

StoreResult<std::vector<Enqueued>> SqliteTaskStore::enqueue_many_unsynced(const std::vector<EnqueueRequest>& requests,
                                                                           int64_t now_ms) {
  return enqueue_batch(requests, now_ms, false);
}

StoreResult<Ok> SqliteTaskStore::make_durable() {
  // db_ itself is only read here (its pointer never changes after open); sync_log has a lock of its own.
  auto synced = db_->sync_log();
  if (!synced) return failure<Ok>(synced.error());
  return Ok{};
}

StoreResult<std::vector<Enqueued>> SqliteTaskStore::enqueue_batch(const std::vector<EnqueueRequest>& requests,
                                                                   int64_t now_ms, bool wait_for_disk) {
  std::vector<Enqueued> answers;
  if (requests.empty()) return answers;
  for (const EnqueueRequest& request : requests) {
    if (request.id.empty()) return failure<std::vector<Enqueued>>("task id is empty");
  }
  std::lock_guard lock(mutex_);
  WriteTransaction txn(*db_);
  if (auto begun = txn.begin(); !begun) return failure<std::vector<Enqueued>>(begun.error());
  TG_TRY_ASSIGN(answers, admit_batch(requests, QueueCounter{
                                                     .all = [this] { return count_rows(kQueuedCount); },
                                                     .of_app =
                                                         [this](const std::string& api, const std::string& app_id) {
                                                           return count_rows(kQueuedOfAppCount, &api, &app_id);
                                                         },
                                                 }));
  for (std::size_t i = 0; i < requests.size(); ++i) {
    if (answers[i].outcome != Enqueued::Outcome::kQueued) continue;
    TG_TRY_ASSIGN(answers[i].record, insert_task(requests[i].id, requests[i].spec, now_ms));
  }
  std::optional<DeferredLogSyncs> deferred;
  if (!wait_for_disk) deferred.emplace();
  if (auto committed = txn.commit(); !committed) return failure<std::vector<Enqueued>>(committed.error());
  return answers;
}

StoreResult<std::optional<TaskRecord>> SqliteTaskStore::get(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto prepared = db_->prepare(std::string("SELECT ") + kTaskColumns + " FROM tasks WHERE id = ?");
  if (!prepared) return failure<std::optional<TaskRecord>>(prepared.error());
  Statement stmt(*prepared);
  stmt.bind(1, id);
  Statement::Step step = stmt.step();
  if (step == Statement::Step::kDone) return std::optional<TaskRecord>();
  if (step == Statement::Step::kError) return failure<std::optional<TaskRecord>>(stmt.error());
  TG_TRY_ASSIGN(TaskRecord record, read_task(stmt));
  return std::optional<TaskRecord>(std::move(record));
}

StoreResult<std::optional<TaskRecord>> SqliteTaskStore::take(const std::string& pick, const std::string& worker_id,
                                                             int64_t now_ms, int64_t lease_ms, bool remote,
                                                             const std::string* api, const std::string* app_id) {
  using Claimed = std::optional<TaskRecord>;
  // One statement picks and takes the row; the status test in the outer WHERE keeps it a compare-and-set
  // (PostgreSQL: the pick gains FOR UPDATE SKIP LOCKED).
  auto prepared = db_->prepare(
      "UPDATE tasks SET status = " + kRunningSql + ", worker_id = ?3, lease_until_ms = ?4, attempts = attempts + 1, "
      "progress = 0, started_ms = ?5, updated_ms = ?5 WHERE id = (" + pick + ") AND status = " + kQueuedSql +
      " RETURNING " +
      kTaskColumns);
  if (!prepared) return failure<Claimed>(prepared.error());
  Statement stmt(*prepared);
  stmt.bind(1, api ? *api : std::string())
      .bind(2, app_id ? *app_id : std::string())
      .bind(3, worker_id)
      .bind(4, now_ms + lease_ms)
      .bind(5, now_ms)
      .bind(6, remote ? 1 : 0);
  Statement::Step step = stmt.step();
  if (step == Statement::Step::kError) return failure<Claimed>("claim: " + stmt.error());
  if (step == Statement::Step::kDone) return Claimed();
  TG_TRY_ASSIGN(TaskRecord record, read_task(stmt));
  if (stmt.step() == Statement::Step::kError) return failure<Claimed>("claim: " + stmt.error());
  return Claimed(std::move(record));
}

StoreResult<std::optional<TaskRecord>> SqliteTaskStore::claim(const std::string& worker_id, int64_t now_ms,
                                                              int64_t lease_ms) {
  return claim_matching(worker_id, now_ms, lease_ms, true);
}

StoreResult<std::optional<TaskRecord>> SqliteTaskStore::claim_local(const std::string& worker_id, int64_t now_ms,
                                                                    int64_t lease_ms) {
  return claim_matching(worker_id, now_ms, lease_ms, false);
}

StoreResult<std::optional<TaskRecord>> SqliteTaskStore::claim_matching(const std::string& worker_id, int64_t now_ms,
                                                                       int64_t lease_ms, bool remote) {
  using Claimed = std::optional<TaskRecord>;
  std::lock_guard lock(mutex_);
  WriteTransaction txn(*db_);
  if (auto begun = txn.begin(); !begun) return failure<Claimed>(begun.error());
  auto next = db_->prepare(fair_claim_sql::kNextApp);
  if (!next) return failure<Claimed>(next.error());
  std::optional<std::pair<std::string, std::string>> app;
  {
    Statement stmt(*next);
    stmt.bind(1, remote ? 1 : 0);
    Statement::Step step = stmt.step();
    if (step == Statement::Step::kError) return failure<Claimed>("claim: " + stmt.error());
    if (step == Statement::Step::kRow) app.emplace(stmt.text(0), stmt.text(1));
  }
  StoreResult<Claimed> claimed = Claimed();
  if (app) claimed = take(fair_claim_sql::kOldestOfApp, worker_id, now_ms, lease_ms, remote, &app->first, &app->second);
  // Queued rows of an app without a turn entry (none are written so) are still served, oldest first.
  if (claimed && !claimed->has_value()) {
    claimed = take(fair_claim_sql::kOldestOfAll, worker_id, now_ms, lease_ms, remote, nullptr, nullptr);
  }
  if (!claimed || !claimed->has_value()) {
    if (!claimed) return claimed;
    if (auto committed = txn.commit(); !committed) return failure<Claimed>(committed.error());
    return claimed;
  }
  const TaskRecord& task = **claimed;
  TG_TRY(start_attempt(task.id, worker_id, now_ms));
  for (const std::string* sql : {&fair_claim_sql::kEnsureTurn, &fair_claim_sql::kTakeTurn}) {
    auto turn = db_->prepare(*sql);
    if (!turn) return failure<Claimed>(turn.error());
    Statement stmt(*turn);
    stmt.bind(1, task.spec.api).bind(2, task.spec.app_id);
    if (sql == &fair_claim_sql::kEnsureTurn) stmt.bind(3, task.created_ms);
    if (stmt.step() != Statement::Step::kDone) return failure<Claimed>("claim: " + stmt.error());
  }
  if (auto committed = txn.commit(); !committed) return failure<Claimed>(committed.error());
  return claimed;
}

StoreResult<bool> SqliteTaskStore::start_attempt(const std::string& task_id, const std::string& worker_id,
                                                 int64_t now_ms) {
  // An attempt left running (a crash before its lease was rescued) ended when its task was taken again.
  TG_TRY(end_attempt(task_id, now_ms, kAttemptLeaseExpired, std::string(), std::string()));
  auto prepared = db_->prepare(
      std::string("INSERT INTO task_attempts (task_id, number, worker_id, started_ms, ended_ms, outcome) "
                  "VALUES (?1, (SELECT COALESCE(MAX(number), 0) + 1 FROM task_attempts WHERE task_id = ?1), ?2, ?3, "
                  "0, '") + kAttemptRunning + "')");
  if (!prepared) return failure<bool>(prepared.error());
  Statement stmt(*prepared);
  stmt.bind(1, task_id).bind(2, worker_id).bind(3, now_ms);
  if (stmt.step() != Statement::Step::kDone) return failure<bool>("record attempt of " + task_id + ": " + stmt.error());
  return true;
}

StoreResult<bool> SqliteTaskStore::end_attempt(const std::string& task_id, int64_t now_ms, const char* outcome,
                                               const std::string& error_code, const std::string& error_message) {
  auto prepared = db_->prepare(
      "UPDATE task_attempts SET ended_ms = ?2, outcome = ?3, error_code = ?4, error_message = ?5 "
      "WHERE task_id = ?1 AND ended_ms = 0");
  if (!prepared) return failure<bool>(prepared.error());
  Statement stmt(*prepared);
  stmt.bind(1, task_id).bind(2, now_ms).bind(3, outcome).bind(4, error_code).bind(5, error_message);
  if (stmt.step() != Statement::Step::kDone) return failure<bool>("end attempt of " + task_id + ": " + stmt.error());
  return db_->changes() > 0;
}

StoreResult<bool> SqliteTaskStore::heartbeat(const std::string& id, const std::string& worker_id, int progress,
                                             int64_t now_ms, int64_t lease_ms) {
  std::lock_guard lock(mutex_);
  auto prepared = db_->prepare(
      "UPDATE tasks SET lease_until_ms = ?, progress = ?, updated_ms = ? "
      "WHERE id = ? AND status = " + kRunningSql + " AND worker_id = ?");
  if (!prepared) return failure<bool>(prepared.error());
  Statement stmt(*prepared);
  stmt.bind(1, now_ms + lease_ms).bind(2, std::clamp(progress, 0, 100)).bind(3, now_ms).bind(4, id).bind(5, worker_id);
  if (stmt.step() != Statement::Step::kDone) return failure<bool>("heartbeat: " + stmt.error());
  return db_->changes() == 1;
}

StoreResult<bool> SqliteTaskStore::insert_callback(const std::string& task_id, const CallbackDelivery& callback,
                                                   int64_t now_ms) {
  if (!valid_state(callback.state)) return failure<bool>("callback state " + callback.state + " is not known");
  auto prepared = db_->prepare(
      "INSERT INTO callbacks (task_id, url, body, content_type, attempts, next_attempt_ms, state, last_error, "
      "created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!prepared) return failure<bool>(prepared.error());
  Statement stmt(*prepared);
  stmt.bind(1, task_id)
      .bind(2, callback.url)
      .bind(3, callback.body)
      .bind(4, callback.content_type)
      .bind(5, callback.attempts)
      .bind(6, callback.next_attempt_ms > 0 ? callback.next_attempt_ms : now_ms)
      .bind(7, callback.state)
      .bind(8, callback.last_error)
      .bind(9, now_ms)
      .bind(10, now_ms);
  if (stmt.step() != Statement::Step::kDone) return failure<bool>("queue callback: " + stmt.error());
  return true;
}

StoreResult<bool> SqliteTaskStore::finish(Statement& update, const std::string& id, int64_t now_ms,
                                          const std::optional<CallbackDelivery>& callback, const char* outcome,
                                          const std::string& error_code, const std::string& error_message) {
  if (update.step() != Statement::Step::kDone) return failure<bool>("finish task " + id + ": " + update.error());
  if (db_->changes() != 1) return false;
  TG_TRY(end_attempt(id, now_ms, outcome, error_code, error_message));
  if (callback) {
    auto inserted = insert_callback(id, *callback, now_ms);
    if (!inserted) return inserted;
  }
  return true;
}

StoreResult<bool> SqliteTaskStore::complete(const std::string& id, const std::string& worker_id,
                                            const std::vector<TaskOutput>& outputs, int64_t now_ms,
                                            const std::optional<CallbackDelivery>& callback) {
  std::lock_guard lock(mutex_);
  WriteTransaction txn(*db_);
  if (auto begun = txn.begin(); !begun) return failure<bool>(begun.error());
  auto prepared = db_->prepare(
      "UPDATE tasks SET status = " + kSucceededSql +
      ", progress = 100, outputs = ?, error_code = '', error_message = '', "
      "finished_ms = ?, updated_ms = ?, lease_until_ms = 0 "
      "WHERE id = ? AND status = " + kRunningSql + " AND worker_id = ?");
  if (!prepared) return failure<bool>(prepared.error());
  StoreResult<bool> done = false;
  {
    Statement stmt(*prepared);
    stmt.bind(1, encode_outputs(outputs)).bind(2, now_ms).bind(3, now_ms).bind(4, id).bind(5, worker_id);
    done = finish(stmt, id, now_ms, callback, kAttemptSucceeded, std::string(), std::string());
  }
  if (!done || !*done) return done;
  if (auto committed = txn.commit(); !committed) return failure<bool>(committed.error());
  return true;
}

StoreResult<bool> SqliteTaskStore::fail(const std::string& id, const std::string& worker_id,
                                        const std::string& error_code, const std::string& error_message,
                                        int64_t now_ms, const std::optional<CallbackDelivery>& callback) {
  std::lock_guard lock(mutex_);
  WriteTransaction txn(*db_);
  if (auto begun = txn.begin(); !begun) return failure<bool>(begun.error());
  auto prepared = db_->prepare(
      "UPDATE tasks SET status = " + kFailedSql + ", error_code = ?, error_message = ?, outputs = '[]', "
      "finished_ms = ?, updated_ms = ?, lease_until_ms = 0 "
      "WHERE id = ? AND status = " + kRunningSql + " AND worker_id = ?");
  if (!prepared) return failure<bool>(prepared.error());
  StoreResult<bool> done = false;
  {
    Statement stmt(*prepared);
    stmt.bind(1, error_code).bind(2, error_message).bind(3, now_ms).bind(4, now_ms).bind(5, id).bind(6, worker_id);
    done = finish(stmt, id, now_ms, callback, kAttemptFailed, error_code, error_message);
  }
  if (!done || !*done) return done;
  if (auto committed = txn.commit(); !committed) return failure<bool>(committed.error());
  return true;
}

StoreResult<bool> SqliteTaskStore::release(const std::string& id, const std::string& worker_id, int64_t now_ms,
                                           int64_t retry_at_ms, bool refund_attempt, const std::string& error_code,
                                           const std::string& error_message) {
  std::lock_guard lock(mutex_);
  WriteTransaction txn(*db_);
  if (auto begun = txn.begin(); !begun) return failure<bool>(begun.error());
  // A later retry keeps the row RUNNING under no worker with the retry time as its lease, so that the
  // lease rescuer queues it then and claim() needs no second time column.
  auto prepared = db_->prepare(
      "UPDATE tasks SET status = CASE WHEN ?1 <= ?2 THEN " + kQueuedSql + " ELSE " + kRunningSql +
      " END, worker_id = '', "
      "lease_until_ms = CASE WHEN ?1 <= ?2 THEN 0 ELSE ?1 END, progress = 0, updated_ms = ?2, "
      "attempts = CASE WHEN ?3 AND attempts > 0 THEN attempts - 1 ELSE attempts END "
      "WHERE id = ?4 AND status = " + kRunningSql + " AND worker_id = ?5");
  if (!prepared) return failure<bool>(prepared.error());
  {
    Statement stmt(*prepared);
    stmt.bind(1, retry_at_ms).bind(2, now_ms).bind(3, refund_attempt ? 1 : 0).bind(4, id).bind(5, worker_id);
    if (stmt.step() != Statement::Step::kDone) return failure<bool>("release task " + id + ": " + stmt.error());
    if (db_->changes() != 1) return false;
  }
  if (refund_attempt) {
    TG_TRY(end_attempt(id, now_ms, kAttemptReleased, std::string(), std::string()));
  } else {
    TG_TRY(end_attempt(id, now_ms, kAttemptRetry, error_code, error_message));
  }
  if (auto committed = txn.commit(); !committed) return failure<bool>(committed.error());
  return true;
}

StoreResult<int> SqliteTaskStore::requeue_expired(int64_t now_ms) {
  std::lock_guard lock(mutex_);
  WriteTransaction txn(*db_);
  if (auto begun = txn.begin(); !begun) return failure<int>(begun.error());
  // The attempts of the tasks about to go back end first (a task waiting for a retry has none running).
  auto expire = db_->prepare(
      std::string("UPDATE task_attempts SET outcome = '") + kAttemptLeaseExpired + "', ended_ms = ?1 "
      "WHERE ended_ms = 0 AND task_id IN (SELECT id FROM tasks WHERE status = " + kRunningSql +
      " AND lease_until_ms < ?1)");
  if (!expire) return failure<int>(expire.error());
  {
    Statement stmt(*expire);
    stmt.bind(1, now_ms);
    if (stmt.step() != Statement::Step::kDone) return failure<int>("requeue: " + stmt.error());
  }
  auto prepared = db_->prepare(
      "UPDATE tasks SET status = " + kQueuedSql + ", worker_id = '', lease_until_ms = 0, progress = 0, updated_ms = ? "
      "WHERE status = " + kRunningSql + " AND lease_until_ms < ?");
  if (!prepared) return failure<int>(prepared.error());
  int requeued = 0;
  {
    Statement stmt(*prepared);
    stmt.bind(1, now_ms).bind(2, now_ms);
    if (stmt.step() != Statement::Step::kDone) return failure<int>("requeue: " + stmt.error());
    requeued = db_->changes();
  }
  if (auto committed = txn.commit(); !committed) return failure<int>(committed.error());
  return requeued;
}

StoreResult<bool> SqliteTaskStore::cancel(const std::string& id, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  // A task waiting for a retry is RUNNING under no worker (see release()); it is waiting too.
  auto prepared = db_->prepare(
      "UPDATE tasks SET status = " + kCanceledSql + ", worker_id = '', lease_until_ms = 0, progress = 0, "
      "updated_ms = ?1, finished_ms = ?1 WHERE id = ?2 AND (status = " + kQueuedSql +
      " OR (status = " + kRunningSql + " AND worker_id = ''))");
  if (!prepared) return failure<bool>(prepared.error());
  Statement stmt(*prepared);
  stmt.bind(1, now_ms).bind(2, id);
  if (stmt.step() != Statement::Step::kDone) return failure<bool>("cancel task " + id + ": " + stmt.error());
  return db_->changes() == 1;
}

StoreResult<bool> SqliteTaskStore::retry(const std::string& id, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto prepared = db_->prepare(
      "UPDATE tasks SET status = " + kQueuedSql + ", attempts = 0, progress = 0, error_code = '', "
      "error_message = '', outputs = '[]', started_ms = 0, finished_ms = 0, lease_until_ms = 0, worker_id = '', "
      "updated_ms = ?1 WHERE id = ?2 AND status IN (" + kFailedSql + ", " + kCanceledSql + ")");
  if (!prepared) return failure<bool>(prepared.error());
  Statement stmt(*prepared);
  stmt.bind(1, now_ms).bind(2, id);
  if (stmt.step() != Statement::Step::kDone) return failure<bool>("retry task " + id + ": " + stmt.error());
  return db_->changes() == 1;
}

StoreResult<std::vector<std::pair<TaskStatus, int64_t>>> SqliteTaskStore::count_by_status() {
  using Counts = std::vector<std::pair<TaskStatus, int64_t>>;
  std::lock_guard lock(mutex_);
  // Reads the (status, created_ms) index only.
  auto prepared = db_->prepare("SELECT status, COUNT(*) FROM tasks GROUP BY status");
  if (!prepared) return failure<Counts>(prepared.error());
  Statement stmt(*prepared);
  Counts counts;
  for (;;) {
    Statement::Step step = stmt.step();
    if (step == Statement::Step::kDone) return counts;
    if (step == Statement::Step::kError) return failure<Counts>("count by status: " + stmt.error());
    if (auto status = parse_status(stmt.text(0))) counts.emplace_back(*status, stmt.int64(1));
  }
}

StoreResult<bool> SqliteTaskStore::probe_write(int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto prepared = db_->prepare(
      "INSERT INTO readiness (id, checked_ms) VALUES (1, ?1) ON CONFLICT (id) DO UPDATE SET checked_ms = ?1");
  if (!prepared) return failure<bool>(prepared.error());
  Statement stmt(*prepared);
  stmt.bind(1, now_ms);
  if (stmt.step() != Statement::Step::kDone) return failure<bool>("write probe: " + stmt.error());
  return true;
}

StoreResult<std::vector<TaskRecord>> SqliteTaskStore::list(const TaskQuery& query) {
  if (query.ids.size() > kMaxQueryIds) return failure<std::vector<TaskRecord>>("list: more than 100 task ids");
  const TaskQuerySql built = task_list_sql(query);
  std::lock_guard lock(mutex_);
  auto prepared = db_->prepare(built.sql);
  if (!prepared) return failure<std::vector<TaskRecord>>(prepared.error());
  Statement stmt(*prepared);
  bind_values(stmt, built);
  return collect<TaskRecord>(stmt, read_task);
}

StoreResult<int64_t> SqliteTaskStore::count(const TaskQuery& query) {
  if (query.ids.size() > kMaxQueryIds) return failure<int64_t>("count: more than 100 task ids");
  const TaskQuerySql built = task_count_sql(query);
  std::lock_guard lock(mutex_);
  auto prepared = db_->prepare(built.sql);
  if (!prepared) return failure<int64_t>(prepared.error());
  Statement stmt(*prepared);
  bind_values(stmt, built);
  if (stmt.step() != Statement::Step::kRow) return failure<int64_t>("count tasks: " + stmt.error());
  return stmt.int64(0);
}

StoreResult<bool> SqliteTaskStore::replace_outputs(const std::string& id, const std::vector<TaskOutput>& outputs) {
  std::lock_guard lock(mutex_);
  auto prepared = db_->prepare("UPDATE tasks SET outputs = ? WHERE id = ? AND status = " + kSucceededSql);
  if (!prepared) return failure<bool>(prepared.error());
  Statement stmt(*prepared);
  stmt.bind(1, encode_outputs(outputs)).bind(2, id);
  if (stmt.step() != Statement::Step::kDone) return failure<bool>("replace outputs: " + stmt.error());
  return db_->changes() == 1;
}

StoreResult<std::vector<std::string>> SqliteTaskStore::finished_before(int64_t cutoff_ms, int limit) {
  std::lock_guard lock(mutex_);
  // A task finishes after it was created, so the (status, created_ms) index bounds the scan.
  auto prepared = db_->prepare(
      "SELECT id FROM tasks WHERE status IN (" + kFinalSql +
      ") AND created_ms < ?1 AND finished_ms < ?1 "
      "AND NOT EXISTS (SELECT 1 FROM callbacks WHERE callbacks.task_id = tasks.id AND callbacks.state = " +
      kPendingSql + ") "
      "ORDER BY created_ms, id LIMIT ?2");
  if (!prepared) return failure<std::vector<std::string>>(prepared.error());
  Statement stmt(*prepared);
  stmt.bind(1, cutoff_ms).bind(2, std::clamp(limit, 0, 10000));
  return collect<std::string>(stmt, [](const Statement& row) { return StoreResult<std::string>(row.text(0)); });
}

StoreResult<int> SqliteTaskStore::delete_finished(const std::vector<std::string>& ids) {
  std::lock_guard lock(mutex_);
  WriteTransaction txn(*db_);
  if (auto begun = txn.begin(); !begun) return failure<int>(begun.error());
  auto callbacks = db_->prepare(
      "DELETE FROM callbacks WHERE task_id = ?1 "
      "AND EXISTS (SELECT 1 FROM tasks WHERE id = ?1 AND status IN (" + kFinalSql + "))");
  if (!callbacks) return failure<int>(callbacks.error());
  auto tasks = db_->prepare("DELETE FROM tasks WHERE id = ? AND status IN (" + kFinalSql + ")");
  if (!tasks) return failure<int>(tasks.error());
  int deleted = 0;
  for (const std::string& id : ids) {
    {
      Statement stmt(*callbacks);
      stmt.bind(1, id);
      if (stmt.step() != Statement::Step::kDone) return failure<int>("delete callbacks of " + id + ": " + stmt.error());
    }
    Statement stmt(*tasks);
    stmt.bind(1, id);
    if (stmt.step() != Statement::Step::kDone) return failure<int>("delete task " + id + ": " + stmt.error());
    deleted += db_->changes();
  }
  if (auto committed = txn.commit(); !committed) return failure<int>(committed.error());
  return deleted;
}

StoreResult<std::vector<TaskAttempt>> SqliteTaskStore::attempts(const std::string& task_id) {
  std::lock_guard lock(mutex_);
  auto prepared = db_->prepare(
      "SELECT number, worker_id, started_ms, ended_ms, outcome, error_code, error_message FROM task_attempts "
      "WHERE task_id = ? ORDER BY number");
  if (!prepared) return failure<std::vector<TaskAttempt>>(prepared.error());
  Statement stmt(*prepared);
  stmt.bind(1, task_id);
  return collect<TaskAttempt>(stmt, [](const Statement& row) {
    TaskAttempt attempt;
    attempt.number = row.integer(0);
    attempt.worker_id = row.text(1);
    attempt.started_ms = row.int64(2);
    attempt.ended_ms = row.int64(3);
    attempt.outcome = row.text(4);
    attempt.error_code = row.text(5);
    attempt.error_message = row.text(6);
    return StoreResult<TaskAttempt>(std::move(attempt));
  });
}

StoreResult<std::vector<ApiStatusCount>> SqliteTaskStore::counts_since(int64_t since_ms) {
  std::lock_guard lock(mutex_);
  // The upper bound (no task is created later) makes the planner read the (created_ms, id) index range
  // rather than a whole covering index.
  auto prepared = db_->prepare(
      "SELECT api, status, COUNT(*) FROM tasks WHERE created_ms >= ?1 AND created_ms <= ?2 GROUP BY api, status "
      "ORDER BY api, status");
  if (!prepared) return failure<std::vector<ApiStatusCount>>(prepared.error());
  Statement stmt(*prepared);
  stmt.bind(1, since_ms).bind(2, std::numeric_limits<int64_t>::max());
  std::vector<ApiStatusCount> counts;
  for (;;) {
    Statement::Step step = stmt.step();
    if (step == Statement::Step::kDone) return counts;
    if (step == Statement::Step::kError) return failure<std::vector<ApiStatusCount>>("counts: " + stmt.error());
    // A status this program does not know (written by a newer one) is left out, as count_by_status() does.
    if (auto status = parse_status(stmt.text(1))) {
      counts.push_back(ApiStatusCount{stmt.text(0), *status, stmt.int64(2)});
    }
  }
}

StoreResult<std::vector<TypeEngineTime>> SqliteTaskStore::engine_time_since(int64_t since_ms) {
  std::lock_guard lock(mutex_);
  // A finished task's last run went from started_ms (its claim) to finished_ms.
  auto prepared = db_->prepare(
      "SELECT type, COUNT(*), SUM(run_ms), MAX(run_ms) FROM (SELECT type, CASE WHEN started_ms > 0 AND "
      "finished_ms > started_ms THEN finished_ms - started_ms ELSE 0 END AS run_ms FROM tasks "
      "WHERE status IN (" + kSucceededSql + ", " + kFailedSql + ") AND finished_ms >= ?) AS finished "
      "GROUP BY type ORDER BY type");
  if (!prepared) return failure<std::vector<TypeEngineTime>>(prepared.error());
  Statement stmt(*prepared);
  stmt.bind(1, since_ms);
  return collect<TypeEngineTime>(stmt, [](const Statement& row) {
    return StoreResult<TypeEngineTime>(TypeEngineTime{row.text(0), row.int64(1), row.int64(2), row.int64(3)});
  });
}

StoreResult<int64_t> SqliteTaskStore::count_rows(const std::string& sql, const std::string* api, const std::string* app_id) {
  auto prepared = db_->prepare(sql);
  if (!prepared) return failure<int64_t>(prepared.error());
  Statement stmt(*prepared);
  if (api) stmt.bind(1, *api);
  if (app_id) stmt.bind(2, *app_id);
  if (stmt.step() != Statement::Step::kRow) return failure<int64_t>("count: " + stmt.error());
  return stmt.int64(0);
}

StoreResult<int64_t> SqliteTaskStore::count_queued() {
  std::lock_guard lock(mutex_);
  return count_rows(kQueuedCount);
}

StoreResult<int64_t> SqliteTaskStore::count_queued(const std::string& api, const std::string& app_id) {
  std::lock_guard lock(mutex_);
  return count_rows(kQueuedOfAppCount, &api, &app_id);
}

StoreResult<std::vector<CallbackDelivery>> SqliteTaskStore::due_callbacks(int64_t now_ms, int limit) {
  std::lock_guard lock(mutex_);
  auto prepared = db_->prepare(std::string("SELECT ") + kCallbackColumns +
                               " FROM callbacks WHERE state = " + kPendingSql + " AND next_attempt_ms <= ? "
                               "ORDER BY next_attempt_ms, id LIMIT ?");
  if (!prepared) return failure<std::vector<CallbackDelivery>>(prepared.error());
  Statement stmt(*prepared);
  stmt.bind(1, now_ms).bind(2, std::clamp(limit, 0, 1000));
  return collect<CallbackDelivery>(stmt, [](const Statement& row) {
    return StoreResult<CallbackDelivery>(read_callback(row));
  });
}

StoreResult<bool> SqliteTaskStore::update_callback(const CallbackDelivery& delivery) {
  if (!valid_state(delivery.state)) return failure<bool>("callback state " + delivery.state + " is not known");
  std::lock_guard lock(mutex_);
  WriteTransaction txn(*db_);
  if (auto begun = txn.begin(); !begun) return failure<bool>(begun.error());
  auto prepared = db_->prepare(
      "UPDATE callbacks SET attempts = ?, next_attempt_ms = ?, state = ?, last_error = ?, updated_ms = ?, "
      "last_http_status = ?, last_response = ?, redelivered_after = ? WHERE id = ?");
  if (!prepared) return failure<bool>(prepared.error());
  {
    Statement stmt(*prepared);
    stmt.bind(1, delivery.attempts)
        .bind(2, delivery.next_attempt_ms)
        .bind(3, delivery.state)
        .bind(4, delivery.last_error)
        .bind(5, delivery.updated_ms)
        .bind(6, delivery.last_http_status)
        .bind(7, delivery.last_response)
        .bind(8, delivery.redelivered_after)
        .bind(9, delivery.id);
    if (stmt.step() != Statement::Step::kDone) return failure<bool>("update callback: " + stmt.error());
    if (db_->changes() != 1) return false;
  }
  auto attempt = db_->prepare(
      "INSERT INTO callback_attempts (callback_id, number, at_ms, http_status, error, response_snippet) "
      "VALUES (?1, (SELECT COALESCE(MAX(number), 0) + 1 FROM callback_attempts WHERE callback_id = ?1), ?2, ?3, ?4, "
      "?5)");
  if (!attempt) return failure<bool>(attempt.error());
  {
    Statement stmt(*attempt);
    stmt.bind(1, delivery.id)
        .bind(2, delivery.updated_ms)
        .bind(3, delivery.last_http_status)
        .bind(4, delivery.last_error)
        .bind(5, delivery.last_response);
    if (stmt.step() != Statement::Step::kDone) return failure<bool>("record callback attempt: " + stmt.error());
  }
  if (auto committed = txn.commit(); !committed) return failure<bool>(committed.error());
  return true;
}

StoreResult<std::vector<CallbackDelivery>> SqliteTaskStore::callbacks_for(const std::string& task_id) {
  std::lock_guard lock(mutex_);
  auto prepared =
      db_->prepare(std::string("SELECT ") + kCallbackColumns + " FROM callbacks WHERE task_id = ? ORDER BY id");
  if (!prepared) return failure<std::vector<CallbackDelivery>>(prepared.error());
  Statement stmt(*prepared);
  stmt.bind(1, task_id);
  return collect<CallbackDelivery>(stmt, [](const Statement& row) {
    return StoreResult<CallbackDelivery>(read_callback(row));
  });
}

StoreResult<std::vector<CallbackAttempt>> SqliteTaskStore::callback_attempts(const std::string& task_id) {
  std::lock_guard lock(mutex_);
  auto prepared = db_->prepare(
      "SELECT a.callback_id, a.number, a.at_ms, a.http_status, a.error, a.response_snippet "
      "FROM callbacks c JOIN callback_attempts a ON a.callback_id = c.id WHERE c.task_id = ? "
      "ORDER BY a.callback_id, a.number");
  if (!prepared) return failure<std::vector<CallbackAttempt>>(prepared.error());
  Statement stmt(*prepared);
  stmt.bind(1, task_id);
  return collect<CallbackAttempt>(stmt, [](const Statement& row) {
    return StoreResult<CallbackAttempt>(
        CallbackAttempt{row.int64(0), row.integer(1), row.int64(2), row.integer(3), row.text(4), row.text(5)});
  });
}

StoreResult<Redelivery> SqliteTaskStore::redeliver(int64_t callback_id, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  // updated_ms stays the time of the last attempt made; the retry schedule restarts after the attempts so far.
  auto prepared = db_->prepare(
      "UPDATE callbacks SET state = " + kPendingSql + ", next_attempt_ms = ?1, redelivered_after = attempts "
      "WHERE id = ?2 AND state <> " + kPendingSql);
  if (!prepared) return failure<Redelivery>(prepared.error());
  Statement stmt(*prepared);
  stmt.bind(1, now_ms).bind(2, callback_id);
  if (stmt.step() != Statement::Step::kDone) return failure<Redelivery>("redeliver callback: " + stmt.error());
  if (db_->changes() == 1) return Redelivery::kQueued;
  // Unchanged under the same lock: the delivery is pending, or there is none.
  auto exists = db_->prepare("SELECT 1 FROM callbacks WHERE id = ?1");
  if (!exists) return failure<Redelivery>(exists.error());
  Statement found(*exists);
  found.bind(1, callback_id);
  switch (found.step()) {
    case Statement::Step::kRow: return Redelivery::kAlreadyPending;
    case Statement::Step::kDone: return Redelivery::kUnknown;
    default: return failure<Redelivery>("redeliver callback: " + found.error());
  }
}

StoreResult<std::pair<int64_t, int64_t>> SqliteTaskStore::callback_health(int64_t since_ms) {
  using Health = std::pair<int64_t, int64_t>;
  std::lock_guard lock(mutex_);
  auto prepared = db_->prepare(
      "SELECT (SELECT COUNT(*) FROM callbacks WHERE state = " + kDeliveryFailedSql + " AND updated_ms >= ?1), "
      "(SELECT COUNT(*) FROM callbacks WHERE state = " + kPendingSql + ")");
  if (!prepared) return failure<Health>(prepared.error());
  Statement stmt(*prepared);
  stmt.bind(1, since_ms);
  if (stmt.step() != Statement::Step::kRow) return failure<Health>("callback health: " + stmt.error());
  return Health{stmt.int64(0), stmt.int64(1)};
}

StoreResult<bool> SqliteTaskStore::put_media(const std::string& file_id, const std::string& source,
                                             int64_t now_ms) {
  if (file_id.empty()) return failure<bool>("media file id is empty");
  std::lock_guard lock(mutex_);
  auto prepared = db_->prepare(
      "INSERT INTO media (file_id, source, created_ms) VALUES (?, ?, ?) "
      "ON CONFLICT (file_id) DO UPDATE SET source = excluded.source");
  if (!prepared) return failure<bool>(prepared.error());
  Statement stmt(*prepared);
  stmt.bind(1, file_id).bind(2, source).bind(3, now_ms);
  if (stmt.step() != Statement::Step::kDone) return failure<bool>("put media: " + stmt.error());
  return true;
}

StoreResult<std::optional<std::string>> SqliteTaskStore::get_media(const std::string& file_id) {
  // On the reading connection when there is one: a submission resolving its FileId does not wait for the
  // commit in flight on the writing one.
  std::lock_guard lock(reader_ ? reader_mutex_ : mutex_);
  SqliteDatabase& db = reader_ ? *reader_ : *db_;
  auto prepared = db.prepare("SELECT source FROM media WHERE file_id = ?");
  if (!prepared) return failure<std::optional<std::string>>(prepared.error());
  Statement stmt(*prepared);
  stmt.bind(1, file_id);
  Statement::Step step = stmt.step();
  if (step == Statement::Step::kDone) return std::optional<std::string>();
  if (step == Statement::Step::kError) return failure<std::optional<std::string>>("get media: " + stmt.error());
  return std::optional<std::string>(stmt.text(0));
}

}  // namespace tg::tasks
