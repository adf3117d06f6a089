#pragma once
// The admin API's changes: POST /admin/api/tasks/{id}/retry and /cancel, POST /admin/api/tasks/bulk and
// POST /admin/api/callbacks/{id}/redeliver.

#include <cstdint>
#include <string>

#include "core/api_message.hpp"
#include "gateway/admin/admin_services.hpp"
#include "gateway/admin/task_filter.hpp"

namespace tg::gateway::admin {

/// Tasks one bulk call may act on.
inline constexpr int64_t kMaxBulkTasks = 10000;

/// retry: a FAILED or CANCELED task back to the queue (the workers are woken); cancel: a waiting task off it.
/// 200 {"task": summary}, 404 for no such task, 409 when the action does not apply to its state.
ApiResponse act_on_task(AdminServices& services, const std::string& id, TaskAction action);

/// {"action":"retry"|"cancel","filter":{…},"expect":N}: acts on the tasks the filter selects that the action
/// applies to, when there are exactly `expect` of them (else 409 with the count) and at most kMaxBulkTasks.
ApiResponse bulk_action(AdminServices& services, const ApiRequest& request);

/// A delivered or failed callback pending again, due now (the sender is woken); 409 when already pending.
ApiResponse redeliver_callback(AdminServices& services, int64_t callback_id);

}  // namespace tg::gateway::admin
