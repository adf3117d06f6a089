#pragma once
// A task's history as one list of events, oldest first: submitted, each claim by a worker and how that
// attempt ended, canceled, finished.

#include <cstdint>
#include <string>
#include <vector>

#include "tasks/task.hpp"

namespace tg::gateway::admin {

struct TimelineEvent {
  int64_t at_ms = 0;
  std::string event;   // "submitted", "claimed #2", "attempt #2 failed", "canceled", "finished"
  std::string worker;  // the worker of a claim or an attempt; "" otherwise
  std::string detail;  // an attempt's error, a finished task's status and error
};

/// The events of `task` and its attempts (oldest first, as the store gives them), ordered by time; events at
/// the same time keep the order above.
std::vector<TimelineEvent> task_timeline(const tasks::TaskRecord& task, const std::vector<tasks::TaskAttempt>& attempts);

}  // namespace tg::gateway::admin
