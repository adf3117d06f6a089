#include "adapters/common/output_url.hpp"
#include "adapters/tencent_vod/vod_renderer.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/time_format.hpp"
#include "core/utf8.hpp"

namespace tg::adapters::tencent_vod {
namespace {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// Values can echo request text, which need not be UTF-8; JSON must be.
void put_string(JsonWriter& w, const char* key, std::string_view value) {
  const std::string text = valid_utf8(value);
  w.Key(key);
  w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void put_envelope(JsonWriter& w, int code, std::string_view message) {
  w.Key("code");
  w.Int(code);
  put_string(w, "message", message);
  put_string(w, "codeDesc", code_desc(code));
}

const char* v2_status(tasks::TaskStatus status) {
  switch (status) {
    case tasks::TaskStatus::kQueued: return "WAITING";
    case tasks::TaskStatus::kRunning: return "PROCESSING";
    case tasks::TaskStatus::kSucceeded:
    case tasks::TaskStatus::kFailed:
    case tasks::TaskStatus::kCanceled: return "FINISH";
  }
  return "WAITING";
}

bool is_sprite(const tasks::TaskRecord& record) {
  return record.spec.type == "CreateImageSprite";
}

std::string failure_message(const tasks::TaskRecord& record) {
  if (record.error_code.empty()) return record.error_message;
  return record.error_code + ": " + record.error_message;
}

}  // namespace

std::string v2_time(int64_t unix_ms) {
  if (unix_ms <= 0) return "";
  return format_utc(unix_ms, "%Y-%m-%d %H:%M:%S");
}

uint32_t task_definition(const tasks::TaskRecord& record) {
  rapidjson::Document doc;
  doc.Parse(record.spec.extra.c_str(), record.spec.extra.size());
  if (doc.HasParseError() || !doc.IsObject()) return 0;
  auto it = doc.FindMember("definition");
  return it != doc.MemberEnd() && it->value.IsUint() ? it->value.GetUint() : 0;
}

VodRenderer::VodRenderer(const VodSettings& settings) : settings_(settings) {}

std::string VodRenderer::output_url(const std::string& task_id, const std::string& output_name) const {
  return adapters::output_url(settings_.public_base_url, task_id, output_name);
}

ApiResponse VodRenderer::render_submitted(const std::string& task_id) const {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  put_envelope(w, vod_code::kSuccess, "");
  put_string(w, "vodTaskId", task_id);
  w.EndObject();
  return json_response(std::string(buffer.GetString(), buffer.GetSize()));
}

ApiResponse VodRenderer::render_error(const VodError& error) const {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  put_envelope(w, error.code, error.message);
  w.EndObject();
  return json_response(std::string(buffer.GetString(), buffer.GetSize()));
}

namespace {

// The outputs of a succeeded task, in the v2 field names (inside `data` or the event's `data`).
void put_outputs(JsonWriter& w, const tasks::TaskRecord& record, int total_count, const VodRenderer& renderer) {
  if (is_sprite(record)) {
    w.Key("totalCount");
    w.Int(total_count);
    w.Key("imageSpriteUrl");
    w.StartArray();
    for (const tasks::TaskOutput& out : record.outputs) {
      if (out.kind == "sprite") {
        const std::string url = renderer.output_url(record.id, out.name);
        w.String(url.c_str(), static_cast<rapidjson::SizeType>(url.size()));
      }
    }
    w.EndArray();
    std::string vtt_url;
    for (const tasks::TaskOutput& out : record.outputs) {
      if (out.kind == "vtt") vtt_url = renderer.output_url(record.id, out.name);
    }
    put_string(w, "webVttUrl", vtt_url);
    return;
  }
  w.Key("picInfo");
  w.StartArray();
  for (const tasks::TaskOutput& out : record.outputs) {
    if (out.kind != "image") continue;
    w.StartObject();
    w.Key("status");
    w.Int(0);
    w.Key("timeOffset");
    w.Int64(out.offset_ms);
    put_string(w, "url", renderer.output_url(record.id, out.name));
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

ApiResponse VodRenderer::render_task_info(const tasks::TaskRecord& record, int total_count) const {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  put_envelope(w, vod_code::kSuccess, "");
  put_string(w, "type", record.spec.type);
  put_string(w, "status", v2_status(record.status));
  put_string(w, "createTime", v2_time(record.created_ms));
  put_string(w, "beginProcessTime", v2_time(record.started_ms));
  put_string(w, "finishTime", v2_time(record.finished_ms));
  w.Key("data");
  w.StartObject();
  put_string(w, "vodTaskId", record.id);
  put_string(w, "fileId", record.spec.source_id);
  w.Key("definition");
  w.Uint(task_definition(record));
  if (record.status == tasks::TaskStatus::kSucceeded) {
    w.Key("errCode");
    w.Int(0);
    put_string(w, "message", "");
    put_outputs(w, record, total_count, *this);
  } else if (record.status == tasks::TaskStatus::kFailed) {
    w.Key("errCode");
    w.Int(kTaskFailedStatus);
    put_string(w, "message", failure_message(record));
  }
  w.EndObject();
  w.EndObject();
  return json_response(std::string(buffer.GetString(), buffer.GetSize()));
}

std::optional<std::string> VodRenderer::render_event(const tasks::TaskRecord& record, int total_count) const {
  const bool succeeded = record.status == tasks::TaskStatus::kSucceeded;
  if (!succeeded && record.status != tasks::TaskStatus::kFailed) return std::nullopt;
  if (record.spec.type != "CreateImageSprite" && record.spec.type != "CreateSnapshotByTimeOffset") return std::nullopt;
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  put_string(w, "version", "4.0");
  put_string(w, "eventType", is_sprite(record) ? "CreateImageSpriteComplete" : "CreateSnapshotByTimeOffsetComplete");
  w.Key("data");
  w.StartObject();
  w.Key("status");
  w.Int(succeeded ? 0 : kTaskFailedStatus);
  put_string(w, "message", succeeded ? std::string() : failure_message(record));
  put_string(w, "vodTaskId", record.id);
  put_string(w, "fileId", record.spec.source_id);
  w.Key("definition");
  w.Uint(task_definition(record));
  if (succeeded) put_outputs(w, record, total_count, *this);
  w.EndObject();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace tg::adapters::tencent_vod
