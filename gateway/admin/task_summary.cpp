#include "gateway/admin/task_summary.hpp"

#include "core/redaction.hpp"

namespace tg::gateway::admin {

void write_summary_members(JsonWriter& w, const tasks::TaskRecord& task) {
  put(w, "id", task.id);
  put(w, "app_id", task.spec.app_id);
  put(w, "api", task.spec.api);
  put(w, "vendor", task.spec.vendor);
  put(w, "type", task.spec.type);
  put(w, "source_id", redact_url(task.spec.source_id));  // a URL id may carry credentials
  put(w, "status", to_string(task.status));
  put(w, "progress", task.progress);
  put(w, "attempts", task.attempts);
  put(w, "error_code", task.error_code);
  put(w, "created_ms", task.created_ms);
  put(w, "started_ms", task.started_ms);
  put(w, "finished_ms", task.finished_ms);
}

void write_summary(JsonWriter& w, const tasks::TaskRecord& task) {
  w.StartObject();
  write_summary_members(w, task);
  w.EndObject();
}

std::string summary_document(const tasks::TaskRecord& task) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("task");
  write_summary(w, task);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace tg::gateway::admin
