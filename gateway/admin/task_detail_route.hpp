#pragma once
// GET /admin/api/tasks/{id}: the task with its input (a redacted URL or the client's source id, never a
// server path), parameters, request as received (redacted), timeline, attempts, callbacks with each delivery,
// and outputs with their admin URLs.

#include <string>

#include "core/api_message.hpp"
#include "gateway/admin/admin_services.hpp"

namespace tg::gateway::admin {

ApiResponse task_detail(AdminServices& services, const std::string& id);

}  // namespace tg::gateway::admin
