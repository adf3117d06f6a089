#pragma once
// GET /admin/api/tasks/{id}/outputs/{name}: one file of a task, from its folder, when `name` is one of the
// task's listed outputs (or its archive) and stays inside that folder; 404 otherwise.

#include <string>

#include "core/api_message.hpp"
#include "gateway/admin/admin_services.hpp"

namespace tg::gateway::admin {

ApiResponse task_output(AdminServices& services, const std::string& id, const std::string& name);

}  // namespace tg::gateway::admin
