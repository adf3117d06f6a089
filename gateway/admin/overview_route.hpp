#pragma once
// GET /admin/api/overview: the last hour at a glance: tasks created by status and by API, the queue, the
// workers' load, the apps most refused by rate limits since start, callback failures and engine time per
// task type.

#include "core/api_message.hpp"
#include "gateway/admin/admin_services.hpp"

namespace tg::gateway::admin {

inline constexpr int64_t kOverviewWindowMs = 3'600'000;
inline constexpr std::size_t kTopRateLimited = 20;

ApiResponse overview(AdminServices& services);

}  // namespace tg::gateway::admin
