#pragma once
// TaskStore, CallbackOutbox and MediaTable on one SQLite file (WAL), so that a finish and its callback
// share one transaction. One writing connection, guarded by a mutex: every method is thread-safe,
// and several processes may share the file (writes take BEGIN IMMEDIATE, readers wait on busy_timeout).

#include <memory>
#include <mutex>
#include <string>

#include "tasks/callback_outbox.hpp"
#include "tasks/media_table.hpp"
#include "tasks/sqlite_database.hpp"
#include "tasks/task_store.hpp"
#include "tasks/wal_checkpointer.hpp"

namespace tg::tasks {

class SqliteTaskStore final : public TaskStore, public CallbackOutbox, public MediaTable {
 public:
  /// Opens (creating) the database at `path` and applies the embedded migrations. A file's WAL is
  /// checkpointed by a thread of the store's own (tasks/wal_checkpointer.hpp), not by the commit that fills it.
  static StoreResult<std::unique_ptr<SqliteTaskStore>> open(const std::string& path);

  StoreResult<TaskRecord> create(const std::string& id, const TaskSpec& spec, int64_t now_ms) override;
  StoreResult<Enqueued> enqueue(const std::string& id, const TaskSpec& spec, int64_t now_ms,
                                const QueueLimits& limits) override;
  /// Every request in one write transaction (one commit); the queue counts are read once per batch.
  StoreResult<std::vector<Enqueued>> enqueue_many(const std::vector<EnqueueRequest>& requests,
                                                  int64_t now_ms) override;
  /// enqueue_many() whose commit writes the log without waiting for the disk (DeferredLogSyncs).
  /// Other connections may read the batch before it is durable; a power cut then loses it, as it loses any
  /// commit not yet answered.
  StoreResult<std::vector<Enqueued>> enqueue_many_unsynced(const std::vector<EnqueueRequest>& requests,
                                                           int64_t now_ms) override;
  /// fdatasync of the log (SqliteDatabase::sync_log), outside the store's lock: commits go on meanwhile.
  StoreResult<Ok> make_durable() override;
  StoreResult<std::optional<TaskRecord>> get(const std::string& id) override;
  StoreResult<std::optional<TaskRecord>> claim(const std::string& worker_id, int64_t now_ms,
                                               int64_t lease_ms) override;
  StoreResult<std::optional<TaskRecord>> claim_local(const std::string& worker_id, int64_t now_ms,
                                                     int64_t lease_ms) override;
  StoreResult<bool> heartbeat(const std::string& id, const std::string& worker_id, int progress, int64_t now_ms,
                              int64_t lease_ms) override;
  StoreResult<bool> complete(const std::string& id, const std::string& worker_id,
                             const std::vector<TaskOutput>& outputs, int64_t now_ms,
                             const std::optional<CallbackDelivery>& callback) override;
  StoreResult<bool> fail(const std::string& id, const std::string& worker_id, const std::string& error_code,
                         const std::string& error_message, int64_t now_ms,
                         const std::optional<CallbackDelivery>& callback) override;
  StoreResult<bool> release(const std::string& id, const std::string& worker_id, int64_t now_ms,
                            int64_t retry_at_ms, bool refund_attempt, const std::string& error_code,
                            const std::string& error_message) override;
  StoreResult<int> requeue_expired(int64_t now_ms) override;
  StoreResult<bool> cancel(const std::string& id, int64_t now_ms) override;
  StoreResult<bool> retry(const std::string& id, int64_t now_ms) override;
  StoreResult<std::vector<std::pair<TaskStatus, int64_t>>> count_by_status() override;
  StoreResult<bool> probe_write(int64_t now_ms) override;
  StoreResult<std::vector<TaskRecord>> list(const TaskQuery& query) override;
  StoreResult<int64_t> count(const TaskQuery& query) override;
  StoreResult<bool> replace_outputs(const std::string& id, const std::vector<TaskOutput>& outputs) override;
  StoreResult<std::vector<std::string>> finished_before(int64_t cutoff_ms, int limit) override;
  StoreResult<int> delete_finished(const std::vector<std::string>& ids) override;
  StoreResult<std::vector<TaskAttempt>> attempts(const std::string& task_id) override;
  StoreResult<std::vector<ApiStatusCount>> counts_since(int64_t since_ms) override;
  StoreResult<std::vector<TypeEngineTime>> engine_time_since(int64_t since_ms) override;
  StoreResult<int64_t> count_queued() override;
  StoreResult<int64_t> count_queued(const std::string& api, const std::string& app_id) override;

  StoreResult<std::vector<CallbackDelivery>> due_callbacks(int64_t now_ms, int limit) override;
  StoreResult<bool> update_callback(const CallbackDelivery& delivery) override;
  StoreResult<std::vector<CallbackDelivery>> callbacks_for(const std::string& task_id) override;
  StoreResult<std::vector<CallbackAttempt>> callback_attempts(const std::string& task_id) override;
  StoreResult<Redelivery> redeliver(int64_t callback_id, int64_t now_ms) override;
  StoreResult<std::pair<int64_t, int64_t>> callback_health(int64_t since_ms) override;

  StoreResult<bool> put_media(const std::string& file_id, const std::string& source, int64_t now_ms) override;
  StoreResult<std::optional<std::string>> get_media(const std::string& file_id) override;

 private:
  explicit SqliteTaskStore(std::unique_ptr<SqliteDatabase> db) : db_(std::move(db)) {}

  // Inserts the QUEUED row and its app's turn entry; the caller holds mutex_ and a write transaction.
  StoreResult<TaskRecord> insert_task(const std::string& id, const TaskSpec& spec, int64_t now_ms);
  StoreResult<std::vector<Enqueued>> enqueue_batch(const std::vector<EnqueueRequest>& requests, int64_t now_ms,
                                                   bool wait_for_disk);
  // One COUNT(*) statement's answer, with (api, app_id) bound when given; the caller holds mutex_.
  StoreResult<int64_t> count_rows(const std::string& sql, const std::string* api = nullptr,
                                  const std::string* app_id = nullptr);
  // The UPDATE that takes task `pick` (a subquery bound with `api` and `app_id` when given, and `remote`:
  // whether an http(s) input may be taken); caller holds mutex_ and a write transaction.
  StoreResult<std::optional<TaskRecord>> take(const std::string& pick, const std::string& worker_id, int64_t now_ms,
                                              int64_t lease_ms, bool remote, const std::string* api,
                                              const std::string* app_id);

  // claim() and claim_local(), fair between apps: `remote` says whether tasks with an http(s) input may be
  // taken.
  StoreResult<std::optional<TaskRecord>> claim_matching(const std::string& worker_id, int64_t now_ms,
                                                        int64_t lease_ms, bool remote);
  // The shared tail of complete() and fail(): the CAS update already bound in `update`, then the attempt's
  // end (`outcome` and its error) and the callback.
  StoreResult<bool> finish(Statement& update, const std::string& id, int64_t now_ms,
                           const std::optional<CallbackDelivery>& callback, const char* outcome,
                           const std::string& error_code, const std::string& error_message);
  // Records a new running attempt of a task just claimed by worker_id (ending one left running); the caller
  // holds mutex_ and a write transaction.
  StoreResult<bool> start_attempt(const std::string& task_id, const std::string& worker_id, int64_t now_ms);
  // Ends the task's running attempt, if any, with `outcome`; the caller holds mutex_ and a write transaction.
  StoreResult<bool> end_attempt(const std::string& task_id, int64_t now_ms, const char* outcome,
                                const std::string& error_code, const std::string& error_message);
  StoreResult<bool> insert_callback(const std::string& task_id, const CallbackDelivery& callback, int64_t now_ms);

  std::mutex mutex_;
  std::unique_ptr<SqliteDatabase> db_;
  // Declared after db_: unhooked and stopped before the connection closes.
  std::unique_ptr<WalCheckpointer> checkpointer_;
  // A second connection to a file database for the lookups on the submission path (get_media), which WAL
  // lets read while the first one writes; guarded by reader_mutex_. Null for a memory database.
  std::mutex reader_mutex_;
  std::unique_ptr<SqliteDatabase> reader_;
};

}  // namespace tg::tasks
