#pragma once
// TaskStore, CallbackOutbox and MediaTable on PostgreSQL, for several gateway processes sharing one
// database: the semantics of SqliteTaskStore (tasks/sqlite_task_store.hpp), with claims that never take the
// same task twice nor wait on each other (FOR UPDATE SKIP LOCKED), due callbacks claimed for a while by the
// process that reads them, the upkeep led by one process at a time (a session advisory lock), and a NOTIFY
// (see pg_listener.hpp) in every transaction that makes a task claimable or a callback due. Every method is
// thread-safe: each takes a connection of its own from a pool.

#include <memory>
#include <mutex>
#include <string>

#include "tasks/callback_outbox.hpp"
#include "tasks/media_cache.hpp"
#include "tasks/media_table.hpp"
#include "tasks/postgres/pg_pool.hpp"
#include "tasks/task_store.hpp"

namespace tg::tasks {

/// The NOTIFY channels; the payload is the schema the store works in.
inline constexpr const char* kTasksChannel = "thumbgate_tasks";
inline constexpr const char* kCallbacksChannel = "thumbgate_callbacks";
inline constexpr const char* kMediaChannel = "thumbgate_media";  // the media table changed

class PgTaskStore final : public TaskStore, public CallbackOutbox, public MediaTable {
 public:
  struct Options {
    int pool_size = 8;
    // How long a delivery due_callbacks() returned stays away from every other caller: the POST's time at
    // most, after which a delivery whose process died is due again.
    int64_t callback_claim_ms = 120'000;
    int connect_timeout_s = 5;
    // How long a statement waits for the database's answer (and a caller for a free connection) before it
    // fails: a database that stops answering costs a request this long, never a thread for good.
    std::chrono::milliseconds answer_timeout = PgConnection::kDefaultAnswerTimeout;
    // How long get_media() answers from this process's memory (tasks/media_cache.hpp) before asking the
    // database again; 0: it always asks. The owner calls forget_cached_media() on each kMediaChannel
    // notification (pg_listener.hpp), so that a change made elsewhere is seen at once in the common case.
    int64_t media_cache_ms = 0;
  };

  /// Connects to `url` (postgresql://user:pass@host:port/db?...) and applies the embedded migrations.
  static StoreResult<std::unique_ptr<PgTaskStore>> open(const std::string& url, Options options);
  ~PgTaskStore() override;

  StoreResult<TaskRecord> create(const std::string& id, const TaskSpec& spec, int64_t now_ms) override;
  StoreResult<Enqueued> enqueue(const std::string& id, const TaskSpec& spec, int64_t now_ms,
                                const QueueLimits& limits) override;
  StoreResult<std::vector<Enqueued>> enqueue_many(const std::vector<EnqueueRequest>& requests,
                                                  int64_t now_ms) override;
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
  StoreResult<bool> try_lead_upkeep() override;
  StoreResult<int> fold_counts() override;
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

  /// Registers or replaces the source, and notifies kMediaChannel in the same statement.
  StoreResult<bool> put_media(const std::string& file_id, const std::string& source, int64_t now_ms) override;
  /// From the media cache while an answer is fresh there (Options::media_cache_ms), else from the database.
  StoreResult<std::optional<std::string>> get_media(const std::string& file_id) override;
  void forget_cached_media() override;

 private:
  PgTaskStore(std::string url, Options options, std::unique_ptr<PgPool> pool)
      : url_(std::move(url)), options_(options), pool_(std::move(pool)), media_cache_(options.media_cache_ms) {}

  // claim() and claim_local(): `remote` says whether tasks with an http(s) input may be taken.
  StoreResult<std::optional<TaskRecord>> claim_matching(const std::string& worker_id, int64_t now_ms,
                                                        int64_t lease_ms, bool remote);
  // complete() and fail(): the compare-and-set `update` ($1.. bound to `params`), the attempt's end and the
  // callback, in one transaction.
  StoreResult<bool> finish(const std::string& update, std::vector<PgValue> params, const std::string& id,
                           int64_t now_ms, const std::optional<CallbackDelivery>& callback, const char* outcome,
                           const std::string& error_code, const std::string& error_message);

  const std::string url_;
  const Options options_;
  std::unique_ptr<PgPool> pool_;
  MediaCache media_cache_;
  // The session that asks for the upkeep lock, and holds it while this process leads.
  std::mutex upkeep_mutex_;
  std::unique_ptr<PgConnection> upkeep_;
  bool leading_ = false;
};

}  // namespace tg::tasks
