#pragma once
// Answers the requests that wait for their task (MPC sync=1): one thread looks the waiting tasks up in the
// store and answers each when its task has finished, or with the task as it stands when the wait is over
// or the gateway stops.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/api_message.hpp"
#include "core/clock.hpp"
#include "tasks/task_store.hpp"

namespace tg::adapters::huawei_mpc {

class SyncWaiter {
 public:
  using Render = std::function<ApiResponse(const tasks::TaskRecord&)>;
  using RenderFailure = std::function<ApiResponse(const std::string& message)>;

  SyncWaiter(tasks::TaskStore& store, const Clock& clock, Render render, RenderFailure failure, int64_t timeout_ms,
             int64_t poll_ms = 50);
  ~SyncWaiter();
  SyncWaiter(const SyncWaiter&) = delete;
  SyncWaiter& operator=(const SyncWaiter&) = delete;

  /// Answers `respond` once task `task_id` has finished (or timeout_ms have passed).
  void wait_for(std::string task_id, Respond respond);

  /// Answers every waiting request with its task as it stands and ends the thread; later waits are
  /// answered at once.
  void stop();

 private:
  struct Waiting {
    std::string task_id;
    Respond respond;
    int64_t deadline_ms = 0;  // monotonic
  };

  void run();
  // Answers `waiting` from the store; `force` answers even an unfinished task. True when answered.
  bool answer(Waiting& waiting, bool force);

  tasks::TaskStore& store_;
  const Clock& clock_;
  Render render_;
  RenderFailure failure_;
  int64_t timeout_ms_;
  int64_t poll_ms_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<Waiting> waiting_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace tg::adapters::huawei_mpc
