#include "tasks/task.hpp"

namespace tg::tasks {

const char* to_string(TaskStatus status) {
  switch (status) {
    case TaskStatus::kQueued: return "QUEUED";
    case TaskStatus::kRunning: return "RUNNING";
    case TaskStatus::kSucceeded: return "SUCCEEDED";
    case TaskStatus::kFailed: return "FAILED";
  }
  return "QUEUED";
}

std::optional<TaskStatus> parse_status(std::string_view text) {
  if (text == "QUEUED") return TaskStatus::kQueued;
  if (text == "RUNNING") return TaskStatus::kRunning;
  if (text == "SUCCEEDED") return TaskStatus::kSucceeded;
  if (text == "FAILED") return TaskStatus::kFailed;
  return std::nullopt;
}

}  // namespace tg::tasks
