#pragma once
// Where a task's files are and which of them may be fetched through the admin API.

#include <optional>
#include <string>
#include <string_view>

#include "tasks/task.hpp"

namespace tg::gateway::admin {

/// The folder a task's files are written to: its job's output_dir, or <outputs_dir>/<id>.
std::string task_folder(const tasks::TaskRecord& task, const std::string& outputs_dir);

/// True when `name` is a file of the task in its folder: one of its outputs (not an image packed into its
/// archive) or its archive.
bool is_fetchable_output(const tasks::TaskRecord& task, std::string_view name);

/// The path of the fetchable output `name`, when it is a regular file inside the task's folder (canonical
/// paths: no '..', link or absolute name leads out); nullopt otherwise.
std::optional<std::string> output_path(const tasks::TaskRecord& task, const std::string& outputs_dir,
                                       std::string_view name);

/// The admin URL of an output: /admin/api/tasks/<id>/outputs/<name>, both percent-encoded.
std::string output_url(const tasks::TaskRecord& task, std::string_view name);

}  // namespace tg::gateway::admin
