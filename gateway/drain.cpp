#include "gateway/drain.hpp"

#include <ctime>
#include <future>

namespace tg::gateway {

void drain(HttpServer& server, tasks::WorkerPool& pool, const sigset_t& stop_signals,
           std::chrono::milliseconds grace, std::ostream& out) {
  const auto deadline = std::chrono::steady_clock::now() + grace;
  server.stop_accepting();
  auto tasks_done = std::async(std::launch::async, [&pool, grace] { return pool.drain(grace); });
  constexpr auto kStep = std::chrono::milliseconds(50);
  for (;;) {
    const bool answered = server.wait_answered(kStep);
    if (answered && tasks_done.wait_for(std::chrono::seconds(0)) == std::future_status::ready) return;
    if (std::chrono::steady_clock::now() >= deadline) break;
    timespec now{};
    if (sigtimedwait(&stop_signals, nullptr, &now) > 0) {
      out << "thumbgate: second signal, stopping now\n";
      break;
    }
  }
  pool.stop();  // ends the drain: cancelled jobs' tasks go back to the queue
  tasks_done.wait();
}

}  // namespace tg::gateway
