#pragma once
// Queuing a vendor's task: the per-task output limits, the queue and the app's share of it, and waking
// the workers. Each vendor renders the refusals in its own shape.

#include <functional>
#include <string>

#include "adapters/front_door.hpp"
#include "core/result.hpp"
#include "tasks/task.hpp"

namespace tg::adapters {

struct SubmitRefusal {
  enum class Kind {
    kLimits,        // the task would make more than the output limits allow; `message` says why
    kStore,         // the task store failed; `message` is its error
    kQueueFull,     // max_queue tasks wait: nothing stored
    kAppShareFull,  // the app's share of the queue is full: nothing stored
  };
  Kind kind = Kind::kStore;
  std::string message;
  int64_t queued = 0;  // the count that refused it (all, or the app's)
};

/// Checks `spec` against deps.limits, stores it QUEUED as `task_id` within the queue limits, together with
/// `received` (the request it came from, without credentials: adapters/common/received_request.hpp), and
/// wakes the workers; the stored task, or why it was refused.
using Submitted = tg::Result<tasks::TaskRecord, SubmitRefusal>;

Submitted submit_task(const VendorDeps& deps, const std::string& task_id, tasks::TaskSpec spec,
                      const ApiRequest& received);

/// submit_task() without waiting for the commit: `done` is called once with the outcome, on this thread
/// or on the thread that committed the task (deps.enqueuer's writer; keep `done` short). `deps` must
/// outlive the call of `done`.
void submit_task_then(const VendorDeps& deps, const std::string& task_id, tasks::TaskSpec spec,
                      const ApiRequest& received, std::function<void(Submitted)> done);

}  // namespace tg::adapters
