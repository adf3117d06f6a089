#pragma once
// The HTTP edge's numbers in the process-wide metrics registry: requests and their latency by vendor
// (the registered vendor's name, or "gateway" for the gateway's own paths), route (a fixed set, never the
// raw path) and status; rate-limit rejections by vendor; tasks by status, read from the task store when
// scraped.

#include <string_view>

#include "core/metrics.hpp"
#include "tasks/task_store.hpp"

namespace tg::gateway {

/// The route label of a request: one of these, never a path.
namespace route {
inline constexpr std::string_view kVendorApi = "api";  // answered by a vendor's front door
inline constexpr std::string_view kOutputs = "outputs";
inline constexpr std::string_view kHealthz = "healthz";
inline constexpr std::string_view kReadyz = "readyz";
inline constexpr std::string_view kMetrics = "metrics";
inline constexpr std::string_view kAdmin = "admin";          // the console's files
inline constexpr std::string_view kAdminApi = "admin_api";  // the console's JSON API
inline constexpr std::string_view kNotFound = "not_found";
inline constexpr std::string_view kMalformed = "malformed";  // refused by the HTTP server before routing
}  // namespace route

/// The vendor label of the gateway's own paths.
inline constexpr std::string_view kGatewayVendor = "gateway";

struct GatewayMetrics {
  metrics::Counter& requests;      // {vendor, route, code}
  metrics::Histogram& latency;     // {vendor, route}, seconds from the request read to the answer handed over
  metrics::Counter& rate_limited;  // {vendor}
  metrics::Gauge& tasks;           // {status}
  metrics::Gauge& queue_depth;     // QUEUED tasks
};

/// Registered in metrics::default_registry() at first call.
GatewayMetrics& gateway_metrics();

/// While it lives, every scrape sets the task gauges from one grouped count of `store`.
class TaskStoreWatch {
 public:
  explicit TaskStoreWatch(tasks::TaskStore& store);
  ~TaskStoreWatch();
  TaskStoreWatch(const TaskStoreWatch&) = delete;
  TaskStoreWatch& operator=(const TaskStoreWatch&) = delete;
};

}  // namespace tg::gateway
