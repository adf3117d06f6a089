#pragma once
// Which submissions of a batch fit the queue limits (TaskStore::enqueue_many), decided as enqueue() one
// after another would decide them, for every store: the counts are read once each, when first needed, and
// then follow the requests admitted before.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "tasks/store_result.hpp"
#include "tasks/task_store.hpp"

namespace tg::tasks {

/// How a store counts its queued tasks, in all and of one app (api, app_id), inside the batch's transaction.
struct QueueCounter {
  std::function<StoreResult<int64_t>()> all;
  std::function<StoreResult<int64_t>(const std::string& api, const std::string& app_id)> of_app;
};

/// One answer per request, in order: kQueued for those that fit (the store inserts them and fills in
/// `record`), kQueueFull or kAppShareFull with the count that refused the others. The counts read are
/// those before the batch: none of its rows is inserted yet.
StoreResult<std::vector<Enqueued>> admit_batch(const std::vector<EnqueueRequest>& requests,
                                               const QueueCounter& counter);

}  // namespace tg::tasks
