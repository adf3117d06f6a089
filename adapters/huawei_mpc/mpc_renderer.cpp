#include "adapters/huawei_mpc/mpc_renderer.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "adapters/huawei_mpc/mpc_json.hpp"
#include "adapters/huawei_mpc/mpc_task.hpp"
#include "core/time_format.hpp"

namespace tg::adapters::huawei_mpc {
namespace {

using Writer = JsonWriter;

std::vector<const tasks::TaskOutput*> images(const tasks::TaskRecord& record) {
  std::vector<const tasks::TaskOutput*> out;
  for (const tasks::TaskOutput& output : record.outputs) {
    if (output.kind == "image") out.push_back(&output);
  }
  return out;
}

// The tar archive's name, or the first image's.
std::string output_file_name(const tasks::TaskRecord& record, const TaskExtra& extra) {
  if (record.status != tasks::TaskStatus::kSucceeded) return "";
  if (!extra.archive_name.empty()) return extra.archive_name;
  auto pics = images(record);
  return pics.empty() ? "" : pics.front()->name;
}

std::string description(const tasks::TaskRecord& record) {
  switch (record.status) {
    case tasks::TaskStatus::kQueued: return "The task is waiting.";
    case tasks::TaskStatus::kRunning: return "The task is being processed.";
    case tasks::TaskStatus::kSucceeded: return "The task has completed.";
    case tasks::TaskStatus::kFailed: return record.error_message.empty() ? "The task failed." : record.error_message;
    case tasks::TaskStatus::kCanceled: return "The task was canceled.";
  }
  return "";
}

void put_task(Writer& w, const tasks::TaskRecord& record) {
  const TaskExtra extra = decode_task_extra(record.spec.extra);
  w.StartObject();
  put(w, "task_id", record.id);
  put(w, "status", mpc_status(record.status));
  put(w, "create_time", mpc_time(record.created_ms));
  put(w, "end_time", tasks::is_final(record.status) ? mpc_time(record.finished_ms ? record.finished_ms : record.updated_ms) : "");
  put_obs(w, "input", extra.input);
  put_obs(w, "output", extra.output);
  put(w, "output_file_name", output_file_name(record, extra));
  put(w, "user_data", extra.user_data);
  put(w, "description", description(record));
  w.Key("thumbnail_info");
  w.StartArray();
  for (const tasks::TaskOutput* pic : images(record)) {
    w.StartObject();
    put(w, "pic_name", pic->name);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

ApiResponse json(rapidjson::StringBuffer& buffer) { return json_response(std::string(buffer.GetString(), buffer.GetSize())); }

}  // namespace

const char* mpc_status(tasks::TaskStatus status) {
  switch (status) {
    case tasks::TaskStatus::kQueued: return "WAITING";
    case tasks::TaskStatus::kRunning: return "PROCESSING";
    case tasks::TaskStatus::kSucceeded: return "SUCCEEDED";
    case tasks::TaskStatus::kFailed: return "FAILED";
    case tasks::TaskStatus::kCanceled: return "CANCELED";
  }
  return "WAITING";
}

std::string mpc_time(int64_t unix_ms) {
  if (unix_ms <= 0) return "";
  return format_utc(unix_ms, "%Y%m%d%H%M%S");
}

ApiResponse render_created(const tasks::TaskRecord& record) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  put(w, "task_id", record.id);
  w.EndObject();
  return json(buffer);
}

ApiResponse render_sync_result(const tasks::TaskRecord& record) {
  const TaskExtra extra = decode_task_extra(record.spec.extra);
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  put(w, "task_id", record.id);
  put(w, "status", mpc_status(record.status));
  put(w, "create_time", mpc_time(record.created_ms));
  put_obs(w, "output", extra.output);
  put(w, "output_file_name", output_file_name(record, extra));
  auto pics = images(record);
  w.Key("thumbnail_time");
  w.Int64(pics.empty() ? 0 : pics.front()->offset_ms / 1000);
  put(w, "description", description(record));
  w.EndObject();
  return json(buffer);
}

ApiResponse render_list(const std::vector<tasks::TaskRecord>& records, bool truncated, int64_t total) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("task_array");
  w.StartArray();
  for (const tasks::TaskRecord& record : records) put_task(w, record);
  w.EndArray();
  w.Key("is_truncated");
  w.Int(truncated ? 1 : 0);
  w.Key("total");
  w.Int64(total);
  w.EndObject();
  return json(buffer);
}

}  // namespace tg::adapters::huawei_mpc
