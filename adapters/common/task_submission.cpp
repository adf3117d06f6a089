#include "adapters/common/task_submission.hpp"

#include <optional>
#include <utility>

#include "adapters/common/received_request.hpp"
#include "adapters/common/store_failure.hpp"
#include "core/utf8.hpp"
#include "tasks/job_limits.hpp"

namespace tg::adapters {
namespace {

tasks::QueueLimits queue_limits(const VendorDeps& deps) {
  return {.max_queued = deps.max_queue, .max_queued_per_app = deps.max_queue_per_app};
}

// The store's answer as the vendor sees it; a queued task wakes the workers.
Submitted outcome_of(const VendorDeps& deps, tasks::StoreResult<tasks::Enqueued> queued) {
  using Kind = SubmitRefusal::Kind;
  if (!queued) return tg::unexpected(SubmitRefusal{Kind::kStore, store_failure(queued.error(), "queue a task")});
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
  // A value no database can store as given would fail the whole batch of submissions it is written with,
  // other clients' included: it is this request's invalid parameter instead.
  const std::string* vtt_name = spec.job.is<tasks::SpriteJob>() ? &spec.job.as<tasks::SpriteJob>().vtt_name : nullptr;
  const std::initializer_list<const std::string*> texts = {&spec.app_id,           &spec.source_id,
                                                           &spec.input,            &spec.callback_url,
                                                           &spec.extra,            &spec.job.name_pattern,
                                                           &spec.job.output_dir,   &spec.job.archive_name,
                                                           vtt_name};
  for (const std::string* text : texts) {
    if (text != nullptr && !is_storable_text(*text)) {
      return SubmitRefusal{SubmitRefusal::Kind::kLimits, "a parameter is not UTF-8 text or holds a NUL byte"};
    }
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
