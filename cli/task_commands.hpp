#pragma once
// `thumbgate tasks list|show|retry|cancel`: what happened to a task or an app's tasks, read from and
// changed in the task store, for operators. Nothing printed carries a secret: URLs are redacted and
// callback bodies (signed) are not shown.

#include <ostream>
#include <string>
#include <vector>

#include "tasks/callback_outbox.hpp"
#include "tasks/task_store.hpp"

namespace tg::cli {

/// `args` follow "tasks": list [--status S] [--app A] [--api X] [--limit N] | show ID | retry ID | cancel ID.
/// Returns the process exit code: 0 done, 1 not possible (no such task, wrong state, store error), 2 usage.
int run_tasks_command(tasks::TaskStore& store, tasks::CallbackOutbox& outbox, std::vector<std::string> args,
                      int64_t now_ms, std::ostream& out, std::ostream& err);

inline constexpr const char* kTasksUsage =
    "usage: thumbgate tasks list [--status S] [--app A] [--api X] [--limit N] [--config FILE]\n"
    "       thumbgate tasks show ID [--config FILE]     (JSON: the task, its outputs, its callbacks)\n"
    "       thumbgate tasks retry ID [--config FILE]    (a FAILED or CANCELED task back to the queue)\n"
    "       thumbgate tasks cancel ID [--config FILE]   (a waiting task off the queue)\n";

}  // namespace tg::cli
