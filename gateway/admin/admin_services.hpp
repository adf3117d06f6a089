#pragma once
// What the admin routes read and act on, handed in by the wiring (gateway/application.cpp): the task store
// and callback outbox, the clock, the outputs folder, the workers' and the sender's wake-ups, the worker
// pool's load and the rate-limit tally.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "gateway/admin/private_text.hpp"
#include "gateway/rejection_tally.hpp"
#include "tasks/callback_outbox.hpp"
#include "tasks/task_store.hpp"

namespace tg::gateway::admin {

struct WorkerLoad {
  int total = 0;
  int busy = 0;
};

struct AdminServices {
  tasks::TaskStore& store;
  tasks::CallbackOutbox& outbox;
  const Clock& clock;
  std::string outputs_dir;  // data_dir/outputs: a task's files are in <outputs_dir>/<id>/ unless its job says
  PrivateText text;         // scrubs the server's folders out of what is shown
  std::function<void()> wake_workers;
  std::function<void()> wake_callbacks;
  std::function<WorkerLoad()> workers;
  std::function<std::vector<RejectionCount>(std::size_t)> rate_limited;  // the biggest n tallies
};

}  // namespace tg::gateway::admin
