#pragma once
// The one task table every adapter shares, behind an interface so that a PostgreSQL implementation can
// take SQLite's place when several gateway processes share work. Its neighbours: CallbackOutbox (the
// callbacks a finish queues) and MediaTable (file ids).

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tasks/store_result.hpp"
#include "tasks/task.hpp"

namespace tg::tasks {

/// How many QUEUED tasks a submission may find before it is refused; 0 = no bound.
struct QueueLimits {
  int64_t max_queued = 0;          // in all
  int64_t max_queued_per_app = 0;  // of the submitting app (api + app_id)
};

struct Enqueued {
  enum class Outcome {
    kQueued,        // `record` is the new task
    kQueueFull,     // max_queued reached: nothing stored
    kAppShareFull,  // the app's max_queued_per_app reached: nothing stored
  };
  Outcome outcome = Outcome::kQueued;
  TaskRecord record;
  int64_t queued = 0;  // the count that refused it (all, or the app's); 0 when queued
};

/// One submission of a batch (TaskStore::enqueue_many).
struct EnqueueRequest {
  std::string id;
  TaskSpec spec;
  QueueLimits limits;
};

/// Tasks of one api in one status (TaskStore::counts_since).
struct ApiStatusCount {
  std::string api;
  TaskStatus status = TaskStatus::kQueued;
  int64_t count = 0;
};

/// Engine time of finished tasks of one type (TaskStore::engine_time_since): finished_ms - started_ms of
/// each task's last run.
struct TypeEngineTime {
  std::string type;
  int64_t tasks = 0;
  int64_t total_ms = 0;
  int64_t max_ms = 0;
};

class TaskStore {
 public:
  virtual ~TaskStore() = default;

  /// Inserts a QUEUED task with the given id; created/updated times = now_ms.
  virtual StoreResult<TaskRecord> create(const std::string& id, const TaskSpec& spec, int64_t now_ms) = 0;
  /// create(), unless the queue or the app's share of it is full: counted and inserted atomically.
  virtual StoreResult<Enqueued> enqueue(const std::string& id, const TaskSpec& spec, int64_t now_ms,
                                        const QueueLimits& limits) = 0;
  /// enqueue() of each request in order, as if one after the other, at now_ms: one answer per request, in
  /// order. A store that can writes them in one transaction (one commit for the batch, so concurrent
  /// submissions share its cost); then an error means none was stored. This default enqueues them one by one.
  virtual StoreResult<std::vector<Enqueued>> enqueue_many(const std::vector<EnqueueRequest>& requests,
                                                          int64_t now_ms) {
    std::vector<Enqueued> answers;
    answers.reserve(requests.size());
    for (const EnqueueRequest& request : requests) {
      auto one = enqueue(request.id, request.spec, now_ms, request.limits);
      if (!one) return tg::unexpected(one.error());
      answers.push_back(std::move(*one));
    }
    return answers;
  }
  /// enqueue_many(), except that its commit may still be on its way to the disk when it returns: the
  /// caller reports none of it before make_durable() has returned, so that one wait for the disk covers
  /// every batch committed meanwhile while the next batch is written. By default durable at once.
  virtual StoreResult<std::vector<Enqueued>> enqueue_many_unsynced(const std::vector<EnqueueRequest>& requests,
                                                                   int64_t now_ms) {
    return enqueue_many(requests, now_ms);
  }
  /// Puts every commit of enqueue_many_unsynced() made so far on the disk. Callable from any thread.
  virtual StoreResult<Ok> make_durable() { return Ok{}; }
  virtual StoreResult<std::optional<TaskRecord>> get(const std::string& id) = 0;

  /// Atomically takes the oldest QUEUED task of the app (api + app_id) served least recently, so that
  /// apps take turns: RUNNING, worker_id set, lease until now+lease_ms, attempts+1. Nothing queued ->
  /// nullopt.
  virtual StoreResult<std::optional<TaskRecord>> claim(const std::string& worker_id, int64_t now_ms,
                                                       int64_t lease_ms) = 0;
  /// claim(), among the tasks whose input is not an http(s) URL.
  virtual StoreResult<std::optional<TaskRecord>> claim_local(const std::string& worker_id, int64_t now_ms,
                                                             int64_t lease_ms) = 0;
  /// Extends the lease and records progress while the worker still holds the task.
  virtual StoreResult<bool> heartbeat(const std::string& id, const std::string& worker_id, int progress,
                                      int64_t now_ms, int64_t lease_ms) = 0;
  /// RUNNING (held by worker_id) -> SUCCEEDED with outputs, and in the same transaction queues
  /// `callback` if given. False when the task was not RUNNING under that worker (it finishes once).
  virtual StoreResult<bool> complete(const std::string& id, const std::string& worker_id,
                                     const std::vector<TaskOutput>& outputs, int64_t now_ms,
                                     const std::optional<CallbackDelivery>& callback) = 0;
  /// RUNNING (held by worker_id) -> FAILED, same rules as complete().
  virtual StoreResult<bool> fail(const std::string& id, const std::string& worker_id,
                                 const std::string& error_code, const std::string& error_message,
                                 int64_t now_ms, const std::optional<CallbackDelivery>& callback) = 0;
  /// RUNNING (held by worker_id) -> back to the queue: QUEUED at once when retry_at_ms <= now_ms, otherwise
  /// held by no worker until retry_at_ms, when requeue_expired() queues it. `refund_attempt` takes back the
  /// attempt claim() counted (the work was interrupted, not tried): its attempt row ends "released",
  /// otherwise "retry" with error_code/error_message (the transient error that caused it). False when
  /// worker_id did not hold it.
  virtual StoreResult<bool> release(const std::string& id, const std::string& worker_id, int64_t now_ms,
                                    int64_t retry_at_ms, bool refund_attempt, const std::string& error_code,
                                    const std::string& error_message) = 0;
  /// RUNNING tasks whose lease ended before now_ms go back to QUEUED. Returns how many.
  virtual StoreResult<int> requeue_expired(int64_t now_ms) = 0;
  /// Whether this process is the one that runs the upkeep done once for all processes sharing the store
  /// (requeue_expired, retention). A store that only one process opens: always. A shared store answers
  /// true to one process at a time, and to another when that one is gone.
  virtual StoreResult<bool> try_lead_upkeep() { return true; }
  /// Folds what a store keeps on the side for quick queue counts (PostgreSQL: the deltas of
  /// schemas/sql/postgres/0003_queue_counts.sql) into its totals, so that a count stays quick; the upkeep
  /// leader runs it with each requeue sweep. Counts are right before and after. Returns the totals changed.
  virtual StoreResult<int> fold_counts() { return 0; }
  /// QUEUED (or waiting for a retry, held by no worker) -> CANCELED, finished at now_ms: no worker will
  /// take it. False when the task is not waiting (a worker holds it, it has finished, or there is none).
  virtual StoreResult<bool> cancel(const std::string& id, int64_t now_ms) = 0;
  /// FAILED or CANCELED -> QUEUED with attempts, progress, error, outputs and times of the last run reset,
  /// so that a worker runs it again from scratch. False when the task is not FAILED or CANCELED.
  virtual StoreResult<bool> retry(const std::string& id, int64_t now_ms) = 0;
  /// How many tasks are in each status (one grouped count); statuses without tasks are absent.
  virtual StoreResult<std::vector<std::pair<TaskStatus, int64_t>>> count_by_status() = 0;
  /// Writes to the database (the one row of the readiness table): an error when it cannot be written.
  virtual StoreResult<bool> probe_write(int64_t now_ms) = 0;
  /// The tasks `query` selects, ordered and paged as it says.
  virtual StoreResult<std::vector<TaskRecord>> list(const TaskQuery& query) = 0;
  /// How many tasks `query` selects (limit and offset ignored; source and the keyset cursor honoured).
  virtual StoreResult<int64_t> count(const TaskQuery& query) = 0;
  /// Replaces a SUCCEEDED task's outputs (facts about its files learnt after it finished). False when
  /// no such task has succeeded.
  virtual StoreResult<bool> replace_outputs(const std::string& id, const std::vector<TaskOutput>& outputs) = 0;
  /// Ids of up to `limit` SUCCEEDED, FAILED or CANCELED tasks that finished before cutoff_ms and have no callback
  /// still pending, oldest first.
  virtual StoreResult<std::vector<std::string>> finished_before(int64_t cutoff_ms, int limit) = 0;
  /// Deletes these tasks, when finished, with their callbacks; returns how many tasks went.
  virtual StoreResult<int> delete_finished(const std::vector<std::string>& ids) = 0;
  /// Every claim of the task (claim() starts one, complete/fail/release/requeue_expired end it), oldest
  /// first; empty for an unknown task.
  virtual StoreResult<std::vector<TaskAttempt>> attempts(const std::string& task_id) = 0;
  /// Tasks created at or after since_ms grouped by (api, status), ordered by api then status.
  virtual StoreResult<std::vector<ApiStatusCount>> counts_since(int64_t since_ms) = 0;
  /// Engine time of the tasks that finished (SUCCEEDED or FAILED) at or after since_ms, per task type,
  /// ordered by type.
  virtual StoreResult<std::vector<TypeEngineTime>> engine_time_since(int64_t since_ms) = 0;
  virtual StoreResult<int64_t> count_queued() = 0;
  /// QUEUED tasks of one app (api + app_id).
  virtual StoreResult<int64_t> count_queued(const std::string& api, const std::string& app_id) = 0;
};

}  // namespace tg::tasks
