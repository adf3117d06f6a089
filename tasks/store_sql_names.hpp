#pragma once
// Names both task stores (SQLite and PostgreSQL) write into their statements: the callback columns, the
// attempt outcomes of task_attempts.outcome, and the status and delivery state literals (spelled once in
// kTaskStatusNames and kDeliveryStateNames).

#include <string>

#include "tasks/delivery_state.hpp"
#include "tasks/task_status.hpp"

namespace tg::tasks::store_sql {

inline constexpr const char* kCallbackColumns =
    "id, task_id, url, body, content_type, attempts, next_attempt_ms, state, last_error, created_ms, updated_ms, "
    "last_http_status, last_response, redelivered_after";

inline constexpr const char* kAttemptRunning = "running";
inline constexpr const char* kAttemptSucceeded = "succeeded";
inline constexpr const char* kAttemptFailed = "failed";
inline constexpr const char* kAttemptRetry = "retry";
inline constexpr const char* kAttemptReleased = "released";
inline constexpr const char* kAttemptLeaseExpired = "lease_expired";

inline const std::string kQueuedSql = sql_literal(TaskStatus::kQueued);
inline const std::string kRunningSql = sql_literal(TaskStatus::kRunning);
inline const std::string kSucceededSql = sql_literal(TaskStatus::kSucceeded);
inline const std::string kFailedSql = sql_literal(TaskStatus::kFailed);
inline const std::string kCanceledSql = sql_literal(TaskStatus::kCanceled);
inline const std::string kFinalSql = kSucceededSql + ", " + kFailedSql + ", " + kCanceledSql;
inline const std::string kPendingSql = sql_literal(DeliveryState::kPending);
inline const std::string kDeliveryFailedSql = sql_literal(DeliveryState::kFailed);

}  // namespace tg::tasks::store_sql
