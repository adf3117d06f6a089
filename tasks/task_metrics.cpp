#include "tasks/task_metrics.hpp"

namespace tg::tasks {

TaskMetrics& task_metrics() {
  static TaskMetrics* instance = [] {
    metrics::Registry& registry = metrics::default_registry();
    return new TaskMetrics{
        registry.histogram("thumbgate_engine_seconds", "Engine time of a task's job, by task type, when the job ends.",
                           {"type"}, metrics::engine_seconds_buckets()),
        registry.counter("thumbgate_task_transitions_total",
                         "Task transitions made by this process's workers: claimed, succeeded, failed, retried "
                         "(put back after a transient failure).",
                         {"transition"}),
        registry.counter("thumbgate_callback_attempts_total",
                         "Callback deliveries: delivered, failed_attempt (another attempt follows), gave_up.",
                         {"outcome"}),
    };
  }();
  return *instance;
}

}  // namespace tg::tasks
