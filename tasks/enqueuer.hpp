#pragma once
// Where a submission's task is queued: TaskStore::enqueue() itself, or a group committer in front of it
// (tasks/submit_batcher.hpp) that stores the submissions of many threads with one commit.

#include <cstdint>
#include <functional>
#include <string>

#include "tasks/store_result.hpp"
#include "tasks/task.hpp"
#include "tasks/task_store.hpp"

namespace tg::tasks {

class Enqueuer {
 public:
  /// Told the outcome of one submission, once, on whichever thread stored it.
  using Answer = std::function<void(StoreResult<Enqueued>)>;

  virtual ~Enqueuer() = default;

  /// As TaskStore::enqueue(), blocking: the task is committed (durable) when this returns it queued.
  virtual StoreResult<Enqueued> enqueue(std::string id, TaskSpec spec, int64_t now_ms, const QueueLimits& limits) = 0;
  /// The same without blocking: `answer` is called once the outcome is committed (or known to have failed),
  /// possibly before this returns, possibly on another thread.
  virtual void enqueue_then(std::string id, TaskSpec spec, int64_t now_ms, const QueueLimits& limits,
                            Answer answer) = 0;
};

}  // namespace tg::tasks
