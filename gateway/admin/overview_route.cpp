#include "gateway/admin/overview_route.hpp"

#include <algorithm>
#include <map>

#include "gateway/admin/admin_answer.hpp"

namespace tg::gateway::admin {

ApiResponse overview(AdminServices& services) {
  const int64_t now = services.clock.now_ms();
  const int64_t since = now - kOverviewWindowMs;
  auto by_api = services.store.counts_since(since);
  if (!by_api) return store_unavailable(by_api.error().message);
  auto queued = services.store.count_queued();
  if (!queued) return store_unavailable(queued.error().message);
  auto health = services.outbox.callback_health(since);
  if (!health) return store_unavailable(health.error().message);
  auto engine = services.store.engine_time_since(since);
  if (!engine) return store_unavailable(engine.error().message);
  const WorkerLoad load = services.workers ? services.workers() : WorkerLoad{};
  const std::vector<RejectionCount> refused =
      services.rate_limited ? services.rate_limited(kTopRateLimited) : std::vector<RejectionCount>{};

  std::map<tasks::TaskStatus, int64_t> by_status;
  for (const auto& entry : tasks::kTaskStatusNames) by_status[entry.status] = 0;
  for (const tasks::ApiStatusCount& row : *by_api) by_status[row.status] += row.count;

  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  put(w, "now_ms", now);
  put(w, "window_ms", kOverviewWindowMs);
  w.Key("by_status");
  w.StartObject();
  for (const auto& entry : tasks::kTaskStatusNames) put(w, entry.name, by_status[entry.status]);
  w.EndObject();
  w.Key("by_api");
  w.StartArray();
  for (const tasks::ApiStatusCount& row : *by_api) {
    w.StartObject();
    put(w, "api", row.api);
    put(w, "status", to_string(row.status));
    put(w, "count", row.count);
    w.EndObject();
  }
  w.EndArray();
  put(w, "queue_depth", *queued);
  w.Key("workers");
  w.StartObject();
  put(w, "total", load.total);
  put(w, "busy", load.busy);
  put(w, "idle", std::max(0, load.total - load.busy));
  w.EndObject();
  w.Key("rate_limited");
  w.StartArray();
  for (const RejectionCount& row : refused) {
    w.StartObject();
    put(w, "vendor", row.vendor);
    put(w, "app", row.app);
    put(w, "count", row.count);
    w.EndObject();
  }
  w.EndArray();
  w.Key("callbacks");
  w.StartObject();
  put(w, "failed_last_hour", health->first);
  put(w, "pending", health->second);
  w.EndObject();
  w.Key("engine");
  w.StartArray();
  for (const tasks::TypeEngineTime& row : *engine) {
    w.StartObject();
    put(w, "type", row.type);
    put(w, "tasks", row.tasks);
    put(w, "total_ms", row.total_ms);
    put(w, "max_ms", row.max_ms);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return json_answer(200, std::string(buffer.GetString(), buffer.GetSize()));
}

}  // namespace tg::gateway::admin
