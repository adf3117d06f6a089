#pragma once
// A task's states and their one spelling, shared by C++ and the SQL that stores them.

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace tg::tasks {

// CANCELED: taken off the queue before a worker claimed it; like SUCCEEDED and FAILED it is final.
enum class TaskStatus { kQueued, kRunning, kSucceeded, kFailed, kCanceled };

struct TaskStatusName {
  TaskStatus status;
  const char* name;  // as stored in tasks.status and shown to clients
};

inline constexpr std::array<TaskStatusName, 5> kTaskStatusNames{{
    {TaskStatus::kQueued, "QUEUED"},
    {TaskStatus::kRunning, "RUNNING"},
    {TaskStatus::kSucceeded, "SUCCEEDED"},
    {TaskStatus::kFailed, "FAILED"},
    {TaskStatus::kCanceled, "CANCELED"},
}};

/// True for the states a task never leaves: SUCCEEDED, FAILED, CANCELED.
constexpr bool is_final(TaskStatus status) {
  return status == TaskStatus::kSucceeded || status == TaskStatus::kFailed || status == TaskStatus::kCanceled;
}

/// "QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED".
constexpr const char* to_string(TaskStatus status) {
  for (const TaskStatusName& entry : kTaskStatusNames) {
    if (entry.status == status) return entry.name;
  }
  return kTaskStatusNames[0].name;
}

/// The status spelled `text` exactly; nullopt for anything else.
constexpr std::optional<TaskStatus> parse_status(std::string_view text) {
  for (const TaskStatusName& entry : kTaskStatusNames) {
    if (text == entry.name) return entry.status;
  }
  return std::nullopt;
}

/// The status as an SQL string literal, e.g. 'QUEUED', for statements built from this table.
inline std::string sql_literal(TaskStatus status) { return std::string("'") + to_string(status) + "'"; }

}  // namespace tg::tasks
