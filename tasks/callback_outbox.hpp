#pragma once
// The durable outbox of callback POSTs. A task store queues a delivery in the transaction that finishes
// its task; the callback sender reads and updates it here.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "tasks/store_result.hpp"
#include "tasks/task.hpp"

namespace tg::tasks {

/// What redeliver() did.
enum class Redelivery { kQueued, kAlreadyPending, kUnknown };

class CallbackOutbox {
 public:
  virtual ~CallbackOutbox() = default;

  /// Pending callbacks due at or before now_ms, oldest first.
  virtual StoreResult<std::vector<CallbackDelivery>> due_callbacks(int64_t now_ms, int limit) = 0;
  /// Records one delivery attempt's outcome (attempts, state, next_attempt_ms, last_error, last_http_status,
  /// last_response, updated_ms) and, in the same transaction, its CallbackAttempt row.
  virtual StoreResult<bool> update_callback(const CallbackDelivery& delivery) = 0;
  /// Every delivery queued for one task, oldest first.
  virtual StoreResult<std::vector<CallbackDelivery>> callbacks_for(const std::string& task_id) = 0;
  /// Every POST made for the task's callbacks, by delivery then attempt number (oldest first).
  virtual StoreResult<std::vector<CallbackAttempt>> callback_attempts(const std::string& task_id) = 0;
  /// Any delivery not pending -> pending, due at now_ms (attempt count kept; the sender's retry schedule
  /// starts over): kQueued. Otherwise nothing changes and it says why.
  virtual StoreResult<Redelivery> redeliver(int64_t callback_id, int64_t now_ms) = 0;
  /// {deliveries in state failed whose last attempt (updated_ms) is at or after since_ms, deliveries pending
  /// now}.
  virtual StoreResult<std::pair<int64_t, int64_t>> callback_health(int64_t since_ms) = 0;
};

}  // namespace tg::tasks
