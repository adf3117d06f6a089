#pragma once
// The durable outbox of callback POSTs. A task store queues a delivery in the transaction that finishes
// its task; the callback sender reads and updates it here.

#include <cstdint>
#include <string>
#include <vector>

#include "tasks/store_result.hpp"
#include "tasks/task.hpp"

namespace tg::tasks {

class CallbackOutbox {
 public:
  virtual ~CallbackOutbox() = default;

  /// Pending callbacks due at or before now_ms, oldest first.
  virtual StoreResult<std::vector<CallbackDelivery>> due_callbacks(int64_t now_ms, int limit) = 0;
  /// Records one delivery attempt's outcome (attempts, state, next_attempt_ms, last_error).
  virtual StoreResult<bool> update_callback(const CallbackDelivery& delivery) = 0;
  /// Every delivery queued for one task, oldest first.
  virtual StoreResult<std::vector<CallbackDelivery>> callbacks_for(const std::string& task_id) = 0;
};

}  // namespace tg::tasks
