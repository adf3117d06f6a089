#pragma once
// MPC's answers: the create response ({"task_id": ...}, or with the image once made when sync=1), and the
// query's {task_array, is_truncated, total} with one ThumbTask per task.

#include <cstdint>
#include <string>
#include <vector>

#include "core/api_message.hpp"
#include "tasks/task.hpp"

namespace tg::adapters::huawei_mpc {

/// WAITING, PROCESSING, SUCCEEDED, FAILED, CANCELED.
const char* mpc_status(tasks::TaskStatus status);

/// yyyymmddhhmmss (UTC); "" for 0.
std::string mpc_time(int64_t unix_ms);

/// {"task_id": "..."}.
ApiResponse render_created(const tasks::TaskRecord& record);

/// sync=1: {"task_id", "status", "create_time", "output", "output_file_name", "thumbnail_time",
/// "description"} of the task as it stands.
ApiResponse render_sync_result(const tasks::TaskRecord& record);

/// {"task_array": [ThumbTask...], "is_truncated": 0|1, "total": N}.
ApiResponse render_list(const std::vector<tasks::TaskRecord>& records, bool truncated, int64_t total);

}  // namespace tg::adapters::huawei_mpc
