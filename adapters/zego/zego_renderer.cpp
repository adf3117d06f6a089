#include "adapters/common/output_url.hpp"
#include "adapters/zego/zego_renderer.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "adapters/zego/zego_request_parser.hpp"
#include "core/time_format.hpp"
#include "core/utf8.hpp"
#include "signing/zego_signature.hpp"

namespace tg::adapters::zego {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// Values can echo request text, which need not be UTF-8; JSON must be.
void put_string(JsonWriter& w, const char* key, const std::string& value) {
  const std::string text = valid_utf8(value);
  w.Key(key);
  w.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
}

void begin_envelope(JsonWriter& w, ZegoCode code, const std::string& message, const std::string& request_id) {
  w.StartObject();
  w.Key("Code");
  w.Int(code_value(code));
  put_string(w, "Message", message);
  put_string(w, "RequestId", request_id);
}

const char* tencent_status(tasks::TaskStatus status) {
  switch (status) {
    case tasks::TaskStatus::kQueued: return "WAITING";
    case tasks::TaskStatus::kRunning: return "PROCESSING";
    case tasks::TaskStatus::kSucceeded: return "FINISH";
    case tasks::TaskStatus::kFailed:
    case tasks::TaskStatus::kCanceled: return "FAIL";
  }
  return "WAITING";
}

const char* huawei_status(tasks::TaskStatus status) {
  switch (status) {
    case tasks::TaskStatus::kQueued: return "WAITING";
    case tasks::TaskStatus::kRunning: return "PROCESSING";
    case tasks::TaskStatus::kSucceeded: return "SUCCEEDED";
    case tasks::TaskStatus::kFailed: return "FAILED";
    case tasks::TaskStatus::kCanceled: return "CANCELED";
  }
  return "WAITING";
}

bool finished(const tasks::TaskRecord& record) { return tasks::is_final(record.status); }

}  // namespace

ZegoRenderer::ZegoRenderer(const ZegoSettings& settings) : settings_(settings) {}

std::string ZegoRenderer::output_url(const std::string& task_id, const std::string& output_name) const {
  return adapters::output_url(settings_.public_base_url, task_id, output_name);
}

ApiResponse ZegoRenderer::render_submitted(const tasks::TaskRecord& record,
                                           const std::string& request_id) const {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  begin_envelope(w, ZegoCode::kSuccess, "success", request_id);
  w.Key("Data");
  w.StartObject();
  if (parse_vendor_key(record.spec.vendor) == Vendor::kHuawei) {
    w.Key("Huawei");
    w.StartObject();
    put_string(w, "task_id", record.id);
    w.EndObject();
  } else {
    w.Key("Tencent");
    w.StartObject();
    put_string(w, "TaskId", record.id);
    put_string(w, "RequestId", request_id);
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  return json_response(std::string(buffer.GetString(), buffer.GetSize()));
}

ApiResponse ZegoRenderer::render_task(const tasks::TaskRecord* record, Vendor vendor, const std::string& task_id,
                                      const std::string& request_id) const {
  if (record == nullptr && vendor == Vendor::kTencent) {
    return render_error(ZegoError{ZegoCode::kParam, "TaskId " + task_id + " does not exist"}, request_id);
  }
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  begin_envelope(w, ZegoCode::kSuccess, "success", request_id);
  w.Key("Data");
  w.StartObject();
  if (vendor == Vendor::kHuawei) {
    w.Key("Huawei");
    w.StartObject();
    put_string(w, "TaskId", task_id);
    if (record == nullptr) {
      put_string(w, "Status", "NO_TASK");
      put_string(w, "CreateTime", "");
      put_string(w, "EndTime", "");
      w.Key("FileName");
      w.StartArray();
      w.EndArray();
    } else {
      put_string(w, "Status", huawei_status(record->status));
      put_string(w, "CreateTime", huawei_time(record->created_ms));
      put_string(w, "EndTime", finished(*record) ? huawei_time(record->finished_ms) : "");
      w.Key("FileName");
      w.StartArray();
      if (record->status == tasks::TaskStatus::kSucceeded) {
        for (const tasks::TaskOutput& output : record->outputs) {
          const std::string name = record->id + "/" + output.name;
          w.String(name.c_str(), static_cast<rapidjson::SizeType>(name.size()));
        }
      }
      w.EndArray();
    }
    w.EndObject();
  } else {
    const TaskExtra extra = decode_task_extra(record->spec.extra);
    w.Key("Tencent");
    w.StartObject();
    put_string(w, "TaskId", record->id);
    put_string(w, "Event", record->spec.type);
    put_string(w, "Status", tencent_status(record->status));
    put_string(w, "FileId", record->spec.source_id);
    put_string(w, "ReplayUrl", "");
    put_string(w, "RequestId", extra.request_id);
    put_string(w, "Message", record->status == tasks::TaskStatus::kFailed ? record->error_message : "");
    w.Key("ThumbnailsUrl");
    w.StartArray();
    if (record->status == tasks::TaskStatus::kSucceeded) {
      for (const tasks::TaskOutput& output : record->outputs) {
        const std::string url = output_url(record->id, output.name);
        w.String(url.c_str(), static_cast<rapidjson::SizeType>(url.size()));
      }
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  return json_response(std::string(buffer.GetString(), buffer.GetSize()));
}

ApiResponse ZegoRenderer::render_error(const ZegoError& error, const std::string& request_id) const {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  begin_envelope(w, error.code, error.message, request_id);
  w.EndObject();
  return json_response(std::string(buffer.GetString(), buffer.GetSize()));
}

std::optional<tasks::CallbackDelivery> ZegoRenderer::render_callback(const tasks::TaskRecord& record,
                                                                     const ZegoApp& app, int64_t now_s,
                                                                     const std::string& nonce) const {
  if (app.callback_url.empty() || !finished(record)) return std::nullopt;
  const bool tencent = parse_vendor_key(record.spec.vendor) != Vendor::kHuawei;
  const bool with_offset = tencent && record.spec.type == snapshot_type_name(SnapshotType::kTimeOffset);

  // snapshot_pic_list is a JSON array serialized into a string field, as ZEGO sends it.
  rapidjson::StringBuffer list_buffer;
  JsonWriter list(list_buffer);
  list.StartArray();
  if (record.status == tasks::TaskStatus::kSucceeded) {
    for (const tasks::TaskOutput& output : record.outputs) {
      list.StartObject();
      put_string(list, "url", output_url(record.id, output.name));
      if (with_offset) {
        list.Key("offset");
        list.Int64(output.offset_ms);
      }
      list.EndObject();
    }
  }
  list.EndArray();

  const std::string timestamp = std::to_string(now_s);
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  put_string(w, "event", "snapshot");
  put_string(w, "appid", app.app_id);
  put_string(w, "timestamp", timestamp);
  put_string(w, "nonce", nonce);
  put_string(w, "signature", signing::zego_callback_signature(app.callback_secret, timestamp, nonce));
  put_string(w, "task_id", record.id);
  put_string(w, "vendor", tencent ? "tencent" : "hw");
  if (tencent) put_string(w, "field_id", record.spec.source_id);
  w.Key("snapshot_pic_list");
  w.String(list_buffer.GetString(), static_cast<rapidjson::SizeType>(list_buffer.GetSize()));
  w.EndObject();

  tasks::CallbackDelivery delivery;
  delivery.task_id = record.id;
  delivery.url = app.callback_url;
  delivery.body.assign(buffer.GetString(), buffer.GetSize());
  delivery.content_type = "application/json";
  return delivery;
}

std::string huawei_time(int64_t unix_ms) {
  if (unix_ms <= 0) return "";
  return format_utc(unix_ms, "%Y%m%d%H%M%S");
}

bool visible_to(const tasks::TaskRecord& record, const std::string& app_id, Vendor vendor) {
  return record.spec.api == "zego" && record.spec.app_id == app_id &&
         record.spec.vendor == vendor_key(vendor);
}

}  // namespace tg::adapters::zego
