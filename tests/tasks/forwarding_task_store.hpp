#pragma once
// A TaskStore that passes every call to another one, for tests that change one call (derive and override).

#include "tasks/task_store.hpp"

namespace tg::tasks::testing {

class ForwardingTaskStore : public TaskStore {
 public:
  explicit ForwardingTaskStore(TaskStore& inner) : inner_(inner) {}

  StoreResult<TaskRecord> create(const std::string& id, const TaskSpec& spec, int64_t now_ms) override {
    return inner_.create(id, spec, now_ms);
  }
  StoreResult<Enqueued> enqueue(const std::string& id, const TaskSpec& spec, int64_t now_ms,
                                const QueueLimits& limits) override {
    return inner_.enqueue(id, spec, now_ms, limits);
  }
  StoreResult<std::vector<Enqueued>> enqueue_many(const std::vector<EnqueueRequest>& requests,
                                                  int64_t now_ms) override {
    return inner_.enqueue_many(requests, now_ms);
  }
  StoreResult<std::vector<Enqueued>> enqueue_many_unsynced(const std::vector<EnqueueRequest>& requests,
                                                           int64_t now_ms) override {
    return inner_.enqueue_many_unsynced(requests, now_ms);
  }
  StoreResult<Ok> make_durable() override { return inner_.make_durable(); }
  StoreResult<std::optional<TaskRecord>> get(const std::string& id) override { return inner_.get(id); }
  StoreResult<std::optional<TaskRecord>> claim(const std::string& worker_id, int64_t now_ms,
                                               int64_t lease_ms) override {
    return inner_.claim(worker_id, now_ms, lease_ms);
  }
  StoreResult<std::optional<TaskRecord>> claim_local(const std::string& worker_id, int64_t now_ms,
                                                     int64_t lease_ms) override {
    return inner_.claim_local(worker_id, now_ms, lease_ms);
  }
  StoreResult<bool> heartbeat(const std::string& id, const std::string& worker_id, int progress, int64_t now_ms,
                              int64_t lease_ms) override {
    return inner_.heartbeat(id, worker_id, progress, now_ms, lease_ms);
  }
  StoreResult<bool> complete(const std::string& id, const std::string& worker_id,
                             const std::vector<TaskOutput>& outputs, int64_t now_ms,
                             const std::optional<CallbackDelivery>& callback) override {
    return inner_.complete(id, worker_id, outputs, now_ms, callback);
  }
  StoreResult<bool> fail(const std::string& id, const std::string& worker_id, const std::string& error_code,
                         const std::string& error_message, int64_t now_ms,
                         const std::optional<CallbackDelivery>& callback) override {
    return inner_.fail(id, worker_id, error_code, error_message, now_ms, callback);
  }
  StoreResult<bool> release(const std::string& id, const std::string& worker_id, int64_t now_ms,
                            int64_t retry_at_ms, bool refund_attempt, const std::string& error_code,
                            const std::string& error_message) override {
    return inner_.release(id, worker_id, now_ms, retry_at_ms, refund_attempt, error_code, error_message);
  }
  StoreResult<int> requeue_expired(int64_t now_ms) override { return inner_.requeue_expired(now_ms); }
  StoreResult<bool> try_lead_upkeep() override { return inner_.try_lead_upkeep(); }
  StoreResult<int> fold_counts() override { return inner_.fold_counts(); }
  StoreResult<bool> cancel(const std::string& id, int64_t now_ms) override { return inner_.cancel(id, now_ms); }
  StoreResult<bool> retry(const std::string& id, int64_t now_ms) override { return inner_.retry(id, now_ms); }
  StoreResult<std::vector<std::pair<TaskStatus, int64_t>>> count_by_status() override {
    return inner_.count_by_status();
  }
  StoreResult<bool> probe_write(int64_t now_ms) override { return inner_.probe_write(now_ms); }
  StoreResult<std::vector<TaskRecord>> list(const TaskQuery& query) override { return inner_.list(query); }
  StoreResult<int64_t> count(const TaskQuery& query) override { return inner_.count(query); }
  StoreResult<bool> replace_outputs(const std::string& id, const std::vector<TaskOutput>& outputs) override {
    return inner_.replace_outputs(id, outputs);
  }
  StoreResult<std::vector<std::string>> finished_before(int64_t cutoff_ms, int limit) override {
    return inner_.finished_before(cutoff_ms, limit);
  }
  StoreResult<int> delete_finished(const std::vector<std::string>& ids) override {
    return inner_.delete_finished(ids);
  }
  StoreResult<std::vector<TaskAttempt>> attempts(const std::string& task_id) override {
    return inner_.attempts(task_id);
  }
  StoreResult<std::vector<ApiStatusCount>> counts_since(int64_t since_ms) override {
    return inner_.counts_since(since_ms);
  }
  StoreResult<std::vector<TypeEngineTime>> engine_time_since(int64_t since_ms) override {
    return inner_.engine_time_since(since_ms);
  }
  StoreResult<int64_t> count_queued() override { return inner_.count_queued(); }
  StoreResult<int64_t> count_queued(const std::string& api, const std::string& app_id) override {
    return inner_.count_queued(api, app_id);
  }

 protected:
  TaskStore& inner_;
};

}  // namespace tg::tasks::testing
