#pragma once
// A task's one-line summary, as the task list and every action's answer show it.

#include "gateway/admin/admin_answer.hpp"
#include "tasks/task.hpp"

namespace tg::gateway::admin {

/// Writes the summary's members into the object `w` is in: id, app_id, api, vendor, type, source_id, status,
/// progress, attempts, error_code, created_ms, started_ms, finished_ms.
void write_summary_members(JsonWriter& w, const tasks::TaskRecord& task);

/// The summary as its own object.
void write_summary(JsonWriter& w, const tasks::TaskRecord& task);

/// {"task": summary}.
std::string summary_document(const tasks::TaskRecord& task);

}  // namespace tg::gateway::admin
