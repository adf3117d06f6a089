#include "adapters/common/task_submission.hpp"

#include <optional>
#include <utility>

#include "adapters/common/received_request.hpp"
#include "tasks/job_limits.hpp"

namespace tg::adapters {
namespace {

tasks::QueueLimits queue_limits(const VendorDeps& deps) {
  return {.max_queued = deps.max_queue, .max_queued_per_app = deps.max_queue_per_app};
}

// The store's answer as the vendor sees it; a queued task wakes the workers.
Submitted outcome_of(const VendorDeps& deps, tasks::StoreResult<tasks::Enqueued> queued) {
  using Kind = SubmitRefusal::Kind;
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

// Checks the output limits and attaches the request the task came from; the refusal when over the limits.
std::optional<SubmitRefusal> prepare(const VendorDeps& deps, tasks::TaskSpec& spec, const ApiRequest& received) {
  if (auto refused = tasks::exceeds_limits(spec.job, deps.limits)) {
    return SubmitRefusal{SubmitRefusal::Kind::kLimits, *refused};
  }
  spec.request = received_request_json(received);
  return std::nullopt;
}

}  // namespace

Submitted submit_task(const VendorDeps& deps, const std::string& task_id, tasks::TaskSpec spec,
                      const ApiRequest& received) {
  if (auto refused = prepare(deps, spec, received)) return tg::unexpected(std::move(*refused));
  const int64_t now_ms = deps.clock.now_ms();
  auto queued = deps.enqueuer ? deps.enqueuer->enqueue(task_id, std::move(spec), now_ms, queue_limits(deps))
                              : deps.store.enqueue(task_id, spec, now_ms, queue_limits(deps));
  return outcome_of(deps, std::move(queued));
}

void submit_task_then(const VendorDeps& deps, const std::string& task_id, tasks::TaskSpec spec,
                      const ApiRequest& received, std::function<void(Submitted)> done) {
  if (auto refused = prepare(deps, spec, received)) return done(tg::unexpected(std::move(*refused)));
  const int64_t now_ms = deps.clock.now_ms();
  if (!deps.enqueuer) {
    return done(outcome_of(deps, deps.store.enqueue(task_id, spec, now_ms, queue_limits(deps))));
  }
  deps.enqueuer->enqueue_then(task_id, std::move(spec), now_ms, queue_limits(deps),
                              [&deps, done = std::move(done)](tasks::StoreResult<tasks::Enqueued> queued) {
                                done(outcome_of(deps, std::move(queued)));
                              });
}

}  // namespace tg::adapters
