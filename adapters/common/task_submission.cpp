#include "adapters/common/task_submission.hpp"

#include "adapters/common/received_request.hpp"
#include "tasks/job_limits.hpp"

namespace tg::adapters {

tg::Result<tasks::TaskRecord, SubmitRefusal> submit_task(const VendorDeps& deps, const std::string& task_id,
                                                         tasks::TaskSpec spec, const ApiRequest& received) {
  using Kind = SubmitRefusal::Kind;
  if (auto refused = tasks::exceeds_limits(spec.job, deps.limits)) {
    return tg::unexpected(SubmitRefusal{Kind::kLimits, *refused});
  }
  spec.request = received_request_json(received);
  auto queued = deps.store.enqueue(task_id, spec, deps.clock.now_ms(),
                                   {.max_queued = deps.max_queue, .max_queued_per_app = deps.max_queue_per_app});
  if (!queued) return tg::unexpected(SubmitRefusal{Kind::kStore, queued.error().message});
  switch (queued->outcome) {
    case tasks::Enqueued::Outcome::kQueued: break;
    case tasks::Enqueued::Outcome::kQueueFull:
      return tg::unexpected(SubmitRefusal{Kind::kQueueFull, "the task queue is full", queued->queued});
    case tasks::Enqueued::Outcome::kAppShareFull:
      return tg::unexpected(SubmitRefusal{Kind::kAppShareFull, "the app's share of the queue is full", queued->queued});
  }
  if (deps.task_queued) deps.task_queued();
  return std::move(queued->record);
}

}  // namespace tg::adapters
