#include "gateway/gateway_metrics.hpp"

#include <atomic>

#include "core/logger.hpp"

namespace tg::gateway {
namespace {

std::atomic<tasks::TaskStore*> g_watched_store{nullptr};

void refresh_task_gauges() {
  tasks::TaskStore* store = g_watched_store.load();
  if (!store) return;
  auto counts = store->count_by_status();
  if (!counts) {
    tg::log(LogLevel::kWarn, "metrics: cannot count tasks", {{"error", counts.error().message}});
    return;
  }
  GatewayMetrics& m = gateway_metrics();
  for (const auto& entry : tasks::kTaskStatusNames) {
    int64_t n = 0;
    for (const auto& [status, count] : *counts) {
      if (status == entry.status) n = count;
    }
    m.tasks.set({entry.name}, static_cast<double>(n));
    if (entry.status == tasks::TaskStatus::kQueued) m.queue_depth.set({}, static_cast<double>(n));
  }
}

}  // namespace

GatewayMetrics& gateway_metrics() {
  static GatewayMetrics* instance = [] {
    metrics::Registry& registry = metrics::default_registry();
    auto* m = new GatewayMetrics{
        registry.counter("thumbgate_http_requests_total",
                         "HTTP requests answered, by vendor API (or gateway), route and status code.",
                         {"vendor", "route", "code"}),
        registry.histogram("thumbgate_http_request_duration_seconds",
                           "Time from a request read to its answer handed to the connection, by vendor and route.",
                           {"vendor", "route"}, metrics::request_seconds_buckets()),
        registry.counter("thumbgate_rate_limited_total", "Requests refused by a vendor's rate limit.", {"vendor"}),
        registry.gauge("thumbgate_tasks", "Tasks in the task store, by status.", {"status"}),
        registry.gauge("thumbgate_queue_depth", "Tasks waiting for a worker (QUEUED)."),
    };
    registry.on_render(refresh_task_gauges);
    return m;
  }();
  return *instance;
}

TaskStoreWatch::TaskStoreWatch(tasks::TaskStore& store) {
  gateway_metrics();
  g_watched_store.store(&store);
}

TaskStoreWatch::~TaskStoreWatch() { g_watched_store.store(nullptr); }

}  // namespace tg::gateway
