#include "gateway/admin/task_detail_route.hpp"

#include <rapidjson/document.h>

#include <map>

#include "core/redaction.hpp"
#include "gateway/admin/request_redaction.hpp"
#include "gateway/admin/task_files.hpp"
#include "gateway/admin/task_summary.hpp"
#include "gateway/admin/task_timeline.hpp"
#include "tasks/job_limits.hpp"
#include "tasks/media_resolver.hpp"

namespace tg::gateway::admin {

namespace {

using Folders = std::vector<std::pair<std::string, std::string>>;

// The task's own folders, replaced in what is shown.
Folders task_folders(const tasks::TaskRecord& task) {
  Folders folders;
  if (!task.spec.input.empty() && !tasks::is_http_url(task.spec.input)) {
    folders.emplace_back(task.spec.input, "<input>");
  }
  if (!task.spec.job.output_dir.empty()) folders.emplace_back(task.spec.job.output_dir, "<output_dir>");
  return folders;
}

// The job as JSON without the folder it writes to.
void write_params(JsonWriter& w, const tasks::Job& job, const PrivateText& text, const Folders& folders) {
  rapidjson::Document doc;
  const std::string encoded = tasks::encode_job(job);
  doc.Parse(encoded.data(), encoded.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    w.Null();
    return;
  }
  doc.RemoveMember("output_dir");
  // Strings in a job are names and patterns; scrubbed all the same.
  struct Scrubbed {
    static void write(JsonWriter& w, const rapidjson::Value& v, const PrivateText& text, const Folders& folders) {
      if (v.IsObject()) {
        w.StartObject();
        for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
          w.Key(it->name.GetString(), it->name.GetStringLength());
          write(w, it->value, text, folders);
        }
        w.EndObject();
      } else if (v.IsArray()) {
        w.StartArray();
        for (const auto& item : v.GetArray()) write(w, item, text, folders);
        w.EndArray();
      } else if (v.IsString()) {
        write_string(w, text.scrub(std::string_view(v.GetString(), v.GetStringLength()), folders));
      } else {
        v.Accept(w);
      }
    }
  };
  Scrubbed::write(w, doc, text, folders);
}

void write_task(JsonWriter& w, const tasks::TaskRecord& task, const PrivateText& text) {
  const Folders folders = task_folders(task);
  w.StartObject();
  write_summary_members(w, task);
  put(w, "input", tasks::is_http_url(task.spec.input) ? redact_url(task.spec.input) : redact_url(task.spec.source_id));
  w.Key("params");
  write_params(w, task.spec.job, text, folders);
  w.Key("request");
  write_request(w, task.spec.request, text);
  put(w, "error_message", text.scrub(task.error_message, folders));
  put(w, "updated_ms", task.updated_ms);
  put(w, "worker_id", task.worker_id);
  put(w, "lease_until_ms", task.lease_until_ms);
  if (const auto planned = tasks::planned_image_count(task.spec.job)) {
    put(w, "planned", *planned);
  } else {
    put_null(w, "planned");
  }
  w.EndObject();
}

void write_timeline(JsonWriter& w, const tasks::TaskRecord& task, const std::vector<tasks::TaskAttempt>& attempts,
                    const PrivateText& text) {
  const Folders folders = task_folders(task);
  w.StartArray();
  for (const TimelineEvent& event : task_timeline(task, attempts)) {
    w.StartObject();
    put(w, "at_ms", event.at_ms);
    put(w, "event", event.event);
    put(w, "worker", event.worker);
    put(w, "detail", text.scrub(event.detail, folders));
    w.EndObject();
  }
  w.EndArray();
}

void write_attempts(JsonWriter& w, const tasks::TaskRecord& task, const std::vector<tasks::TaskAttempt>& attempts,
                    const PrivateText& text) {
  const Folders folders = task_folders(task);
  w.StartArray();
  for (const tasks::TaskAttempt& attempt : attempts) {
    w.StartObject();
    put(w, "number", attempt.number);
    put(w, "worker_id", attempt.worker_id);
    put(w, "started_ms", attempt.started_ms);
    put(w, "ended_ms", attempt.ended_ms);
    put(w, "outcome", attempt.outcome);
    put(w, "error_code", attempt.error_code);
    put(w, "error_message", text.scrub(attempt.error_message, folders));
    w.EndObject();
  }
  w.EndArray();
}

void write_callbacks(JsonWriter& w, const std::vector<tasks::CallbackDelivery>& callbacks,
                     const std::vector<tasks::CallbackAttempt>& deliveries, const PrivateText& text) {
  std::map<int64_t, std::vector<const tasks::CallbackAttempt*>> by_callback;
  for (const tasks::CallbackAttempt& attempt : deliveries) by_callback[attempt.callback_id].push_back(&attempt);
  w.StartArray();
  for (const tasks::CallbackDelivery& callback : callbacks) {
    w.StartObject();
    put(w, "id", callback.id);
    put(w, "url", redact_url(callback.url));
    put(w, "state", callback.state);
    put(w, "attempts", callback.attempts);
    put(w, "next_attempt_ms", callback.next_attempt_ms);
    put(w, "last_error", text.scrub(callback.last_error));
    put(w, "last_http_status", callback.last_http_status);
    w.Key("deliveries");
    w.StartArray();
    for (const tasks::CallbackAttempt* attempt : by_callback[callback.id]) {
      w.StartObject();
      put(w, "number", attempt->number);
      put(w, "at_ms", attempt->at_ms);
      put(w, "http_status", attempt->http_status);
      put(w, "error", text.scrub(attempt->error));
      put(w, "response_snippet", text.scrub(attempt->response_snippet));
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
}

void write_outputs(JsonWriter& w, const tasks::TaskRecord& task) {
  w.StartArray();
  for (const tasks::TaskOutput& output : task.outputs) {
    w.StartObject();
    put(w, "name", output.name);
    put(w, "kind", output.kind);
    put(w, "width", output.width);
    put(w, "height", output.height);
    put(w, "offset_ms", output.offset_ms);
    put(w, "frame_ms", output.frame_ms);
    put(w, "index", output.index);
    put(w, "entries", output.entries);
    if (is_fetchable_output(task, output.name)) {
      put(w, "url", output_url(task, output.name));
    } else {
      put_null(w, "url");
    }
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

ApiResponse task_detail(AdminServices& services, const std::string& id) {
  auto found = services.store.get(id);
  if (!found) return store_unavailable(found.error().message);
  if (!*found) return not_found("no such task");
  const tasks::TaskRecord& task = **found;
  auto attempts = services.store.attempts(id);
  if (!attempts) return store_unavailable(attempts.error().message);
  auto callbacks = services.outbox.callbacks_for(id);
  if (!callbacks) return store_unavailable(callbacks.error().message);
  auto deliveries = services.outbox.callback_attempts(id);
  if (!deliveries) return store_unavailable(deliveries.error().message);

  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("task");
  write_task(w, task, services.text);
  w.Key("timeline");
  write_timeline(w, task, *attempts, services.text);
  w.Key("attempts");
  write_attempts(w, task, *attempts, services.text);
  w.Key("callbacks");
  write_callbacks(w, *callbacks, *deliveries, services.text);
  w.Key("outputs");
  write_outputs(w, task);
  w.EndObject();
  return json_answer(200, std::string(buffer.GetString(), buffer.GetSize()));
}

}  // namespace tg::gateway::admin
