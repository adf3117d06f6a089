#pragma once
// The graceful part of stopping the server: no new connections, then time for the requests in flight
// and the running tasks to finish.

#include <signal.h>

#include <chrono>
#include <ostream>

#include "gateway/http_server.hpp"
#include "tasks/worker_pool.hpp"

namespace tg::gateway {

/// Stops accepting, then waits up to `grace` for the requests in flight to be answered and the running
/// tasks to finish; what is still running then is cancelled and its tasks go back to the queue. One of
/// `stop_signals` (blocked in the caller) arriving meanwhile ends the wait at once.
void drain(HttpServer& server, tasks::WorkerPool& pool, const sigset_t& stop_signals,
           std::chrono::milliseconds grace, std::ostream& out);

}  // namespace tg::gateway
