#pragma once
// GET /admin/api/tasks (a page of summaries, keyset-paged by an opaque cursor) and GET /admin/api/tasks/count
// (how many the filter selects; with action=retry|cancel only those the action applies to).

#include <optional>

#include "core/api_message.hpp"
#include "gateway/admin/admin_services.hpp"
#include "gateway/admin/task_filter.hpp"
#include "tasks/store_result.hpp"

namespace tg::gateway::admin {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 200;

ApiResponse list_tasks(AdminServices& services, const ApiRequest& request);
ApiResponse count_tasks(AdminServices& services, const ApiRequest& request);

/// Tasks `query` selects, or with `action` those of them the action applies to.
tasks::StoreResult<int64_t> count_selected(tasks::TaskStore& store, const tasks::TaskQuery& query,
                                           const std::optional<TaskAction>& action);

}  // namespace tg::gateway::admin
