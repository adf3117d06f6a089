#include "gateway/admin/task_timeline.hpp"

#include <algorithm>

namespace tg::gateway::admin {

namespace {

std::string error_text(const std::string& code, const std::string& message) {
  if (code.empty()) return message;
  if (message.empty()) return code;
  return code + ": " + message;
}

}  // namespace

std::vector<TimelineEvent> task_timeline(const tasks::TaskRecord& task,
                                         const std::vector<tasks::TaskAttempt>& attempts) {
  std::vector<TimelineEvent> events;
  events.push_back({task.created_ms, "submitted", "", task.spec.api + " " + task.spec.type});
  for (const tasks::TaskAttempt& attempt : attempts) {
    const std::string number = "#" + std::to_string(attempt.number);
    events.push_back({attempt.started_ms, "claimed " + number, attempt.worker_id, ""});
    if (attempt.ended_ms == 0 || attempt.outcome == "running") continue;
    events.push_back({attempt.ended_ms, "attempt " + number + " " + attempt.outcome, attempt.worker_id,
                      error_text(attempt.error_code, attempt.error_message)});
  }
  if (task.status == tasks::TaskStatus::kCanceled) {
    events.push_back({task.finished_ms > 0 ? task.finished_ms : task.updated_ms, "canceled", "", ""});
  } else if (task.status == tasks::TaskStatus::kSucceeded || task.status == tasks::TaskStatus::kFailed) {
    events.push_back({task.finished_ms > 0 ? task.finished_ms : task.updated_ms, "finished", "",
                      error_text(to_string(task.status),
                                 task.status == tasks::TaskStatus::kFailed
                                     ? error_text(task.error_code, task.error_message)
                                     : std::string())});
  }
  // The submission stays first: a worker reads its clock before its claim reaches the table, so a task
  // claimed the moment it was committed may carry a claim time a millisecond before its submission.
  std::stable_sort(events.begin() + 1, events.end(),
                   [](const TimelineEvent& a, const TimelineEvent& b) { return a.at_ms < b.at_ms; });
  return events;
}

}  // namespace tg::gateway::admin
