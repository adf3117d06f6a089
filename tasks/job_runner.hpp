#pragma once
// What a worker does with a claimed task: run its job and leave the files in the task's folder.

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "engine/engine.hpp"
#include "tasks/task.hpp"

namespace tg::tasks {

class JobRunner {
 public:
  virtual ~JobRunner() = default;

  /// Runs `task`'s job, writing its files into `out_dir`; calls `progress` (0..100) now and then and
  /// stops early once `cancel` is raised. Returns the files written, in order.
  virtual tg::Result<std::vector<TaskOutput>, engine::Error> run(const TaskRecord& task, const std::string& out_dir,
                                                                 const std::function<void(int progress)>& progress,
                                                                 const std::atomic<bool>& cancel) = 0;
};

}  // namespace tg::tasks
