#pragma once
// The task layer's numbers in the process-wide metrics registry (core/metrics.hpp): engine time per task
// type, task transitions, callback delivery outcomes.

#include "core/metrics.hpp"

namespace tg::tasks {

struct TaskMetrics {
  metrics::Histogram& engine_seconds;    // {type}: a job's engine time, observed when it ends
  metrics::Counter& transitions;         // {transition}: claimed, succeeded, failed, retried
  metrics::Counter& callback_attempts;   // {outcome}: delivered, failed_attempt, gave_up
};

/// Registered in metrics::default_registry() at first call.
TaskMetrics& task_metrics();

}  // namespace tg::tasks
