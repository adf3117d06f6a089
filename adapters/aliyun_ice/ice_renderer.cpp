#include "adapters/aliyun_ice/ice_renderer.hpp"

#include <algorithm>
#include <cctype>

#include "core/random_id.hpp"
#include "core/time_format.hpp"

namespace tg::adapters::aliyun_ice {
namespace {

IceNode oss_file(const std::string& media) {
  // oss://bucket/object -> {Bucket, Location, Object}; http(s) forms give the endpoint as Location.
  IceNode file;
  std::string_view rest = media;
  std::string location;
  if (rest.rfind("oss://", 0) == 0) {
    rest.remove_prefix(6);
  } else if (auto scheme = rest.find("://"); scheme != std::string_view::npos) {
    rest.remove_prefix(scheme + 3);
    const auto dot = rest.find('.');
    const auto slash = rest.find('/');
    if (dot != std::string_view::npos && slash != std::string_view::npos && dot < slash) {
      std::string_view host = rest.substr(0, slash);
      location = std::string(host.substr(dot + 1, host.find('.', dot + 1) - dot - 1));
      file.set("Bucket", std::string(host.substr(0, dot)));
      file.set("Location", location);
      file.set("Object", std::string(rest.substr(slash + 1)));
      return file;
    }
  }
  const auto slash = rest.find('/');
  file.set("Bucket", std::string(rest.substr(0, slash)));
  file.set("Location", location);
  file.set("Object", slash == std::string_view::npos ? std::string() : std::string(rest.substr(slash + 1)));
  return file;
}

IceNode media_node(const std::string& type, const std::string& media) {
  IceNode node;
  node.set("Type", type);
  node.set("Media", media);
  if (type == "OSS") node.set("OssFile", oss_file(media));
  return node;
}

}  // namespace

const char* ice_status(tasks::TaskStatus status) {
  switch (status) {
    case tasks::TaskStatus::kQueued:
    case tasks::TaskStatus::kRunning: return "Init";
    case tasks::TaskStatus::kSucceeded: return "Success";
    default: return "Fail";
  }
}

std::string failure_code(const std::string& engine_error) {
  if (engine_error == "invalid_argument") return "InvalidParameter";
  if (engine_error == "not_found") return "InputFile.NotFound";
  if (engine_error == "forbidden") return "InputFile.Forbidden";
  if (engine_error == "not_media" || engine_error == "no_video" || engine_error == "corrupt" ||
      engine_error == "unsupported") {
    return "InputFile.Invalid";
  }
  if (engine_error == "too_large") return "InvalidParameter.TooLarge";
  if (engine_error == "timeout") return "Timeout";
  return "InternalError";
}

std::string ice_time(int64_t unix_ms) { return unix_ms <= 0 ? std::string() : format_utc(unix_ms, "%Y-%m-%dT%H:%M:%SZ"); }

JobObjects job_objects(const tasks::TaskRecord& task, const IceJobRecord& record) {
  JobObjects objects;
  if (task.status != tasks::TaskStatus::kSucceeded) return objects;
  const std::string prefix = record.output_folder_key.empty() ? "" : record.output_folder_key + "/";
  std::vector<const tasks::TaskOutput*> files;
  for (const tasks::TaskOutput& out : task.outputs) {
    if (out.kind == "vtt") {
      objects.vtt = prefix + out.name;
    } else {
      files.push_back(&out);
    }
  }
  std::stable_sort(files.begin(), files.end(), [](const tasks::TaskOutput* a, const tasks::TaskOutput* b) {
    return a->index < b->index;
  });
  for (const tasks::TaskOutput* out : files) objects.images.push_back(prefix + out->name);
  return objects;
}

int made_count(const tasks::TaskRecord& task, const IceJobRecord& record) {
  if (task.status != tasks::TaskStatus::kSucceeded) return record.count;
  int images = 0;
  int tiles = 0;
  for (const tasks::TaskOutput& out : task.outputs) {
    if (out.kind == "image") ++images;
    if (out.kind == "sprite") tiles += std::max(out.entries, 0);
  }
  return record.type == "Normal" ? images : tiles;
}

IceNode job_node(const tasks::TaskRecord& task, const IceJobRecord& record, bool full) {
  IceNode job;
  job.set("JobId", task.id);
  job.set("Name", record.name);
  job.set("Status", ice_status(task.status));
  if (full && task.status != tasks::TaskStatus::kQueued && task.status != tasks::TaskStatus::kRunning &&
      task.status != tasks::TaskStatus::kSucceeded) {
    job.set("Code", failure_code(task.error_code));
    job.set("Message", task.error_message);
  }
  job.set("Count", made_count(task, record));
  job.set("Type", record.type);
  job.set("TemplateId", record.template_id);
  if (full) job.set("TemplateConfig", record.template_config);
  job.set("Input", media_node(record.input_type, record.input_media));
  job.set("Output", media_node(record.output_type, record.output_media));
  job.set("PipelineId", record.pipeline_id);
  job.set("Async", true);
  job.set("TriggerSource", "API");
  if (full) job.set("UserData", record.user_data);
  job.set("CreateTime", ice_time(task.created_ms));
  job.set("SubmitTime", ice_time(task.created_ms));
  job.set("ModifiedTime", ice_time(task.updated_ms));
  job.set("FinishTime", ice_time(task.finished_ms));
  return job;
}

std::string event_body(const tasks::TaskRecord& task, const IceJobRecord& record, const std::vector<std::string>& urls,
                       const std::string& vtt_url, int64_t now_ms) {
  IceNode body;
  body.set("JobId", task.id);
  body.set("Name", record.name);
  body.set("Status", ice_status(task.status));
  if (task.status != tasks::TaskStatus::kSucceeded) {
    body.set("Code", failure_code(task.error_code));
    body.set("Message", task.error_message);
  }
  body.set("Type", record.type);
  body.set("Count", made_count(task, record));
  body.set("TemplateId", record.template_id);
  body.set("Input", media_node(record.input_type, record.input_media));
  body.set("Output", media_node(record.output_type, record.output_media));
  IceNode list = IceNode::array();
  for (const std::string& url : urls) list.push(url);
  body.set("SnapshotUrls", std::move(list));
  if (!vtt_url.empty()) body.set("WebVTTUrl", vtt_url);
  body.set("UserData", record.user_data);
  body.set("FinishTime", ice_time(task.finished_ms));
  IceNode event;
  event.set("EventType", "SnapshotComplete");
  event.set("EventTime", ice_time(now_ms));
  event.set("MessageBody", std::move(body));
  return event.to_json();
}

ApiResponse render(const IceNode& body, const std::string& action, bool xml) {
  ApiResponse response;
  if (xml) {
    response.content_type = "text/xml;charset=utf-8";
    response.body = body.to_xml(action + "Response");
  } else {
    response.content_type = "application/json;charset=utf-8";
    response.body = body.to_json();
  }
  return response;
}

ApiResponse render_error(const IceError& error, const std::string& request_id, const std::string& host_id, bool xml) {
  IceNode body;
  body.set("RequestId", request_id);
  body.set("HostId", host_id);
  body.set("Code", error.code);
  body.set("Message", error.message);
  ApiResponse response;
  if (xml) {
    response.content_type = "text/xml;charset=utf-8";
    response.body = body.to_xml("Error");
  } else {
    response.content_type = "application/json;charset=utf-8";
    response.body = body.to_json();
  }
  response.status = error.status;
  return response;
}

std::string new_request_id() {
  std::string hex = random_hex(16);
  std::transform(hex.begin(), hex.end(), hex.begin(), [](unsigned char c) { return std::toupper(c); });
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20, 12);
}

}  // namespace tg::adapters::aliyun_ice
