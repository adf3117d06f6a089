#include "cli/task_commands.hpp"

#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <charconv>
#include <iomanip>

#include "core/redaction.hpp"
#include "core/time_format.hpp"

namespace tg::cli {
namespace {

using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

std::string when(int64_t ms) { return ms > 0 ? iso8601_utc_ms(ms) : ""; }

void field(Writer& w, const char* name, const std::string& value) {
  w.Key(name);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

void field(Writer& w, const char* name, int64_t value) {
  w.Key(name);
  w.Int64(value);
}

std::string show_json(const tasks::TaskRecord& task, const std::vector<tasks::CallbackDelivery>& callbacks) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  field(w, "id", task.id);
  field(w, "status", to_string(task.status));
  field(w, "api", task.spec.api);
  field(w, "app_id", task.spec.app_id);
  field(w, "vendor", task.spec.vendor);
  field(w, "type", task.spec.type);
  field(w, "source_id", task.spec.source_id);
  field(w, "input", redact_url(task.spec.input));
  field(w, "callback_url", redact_url(task.spec.callback_url));
  field(w, "progress", task.progress);
  field(w, "attempts", task.attempts);
  field(w, "error_code", task.error_code);
  field(w, "error_message", redact_urls_in(task.error_message));
  field(w, "created", when(task.created_ms));
  field(w, "updated", when(task.updated_ms));
  field(w, "started", when(task.started_ms));
  field(w, "finished", when(task.finished_ms));
  field(w, "worker_id", task.worker_id);
  // The request as received, stored without its credentials (adapters/common/received_request.hpp).
  w.Key("request");
  rapidjson::Document request;
  if (!task.spec.request.empty() && !request.Parse(task.spec.request.c_str()).HasParseError()) {
    request.Accept(w);
  } else {
    w.Null();
  }
  w.Key("outputs");
  w.StartArray();
  for (const tasks::TaskOutput& output : task.outputs) {
    w.StartObject();
    field(w, "name", output.name);
    field(w, "kind", output.kind);
    field(w, "width", output.width);
    field(w, "height", output.height);
    field(w, "offset_ms", output.offset_ms);
    field(w, "frame_ms", output.frame_ms);
    w.EndObject();
  }
  w.EndArray();
  w.Key("callbacks");
  w.StartArray();
  for (const tasks::CallbackDelivery& delivery : callbacks) {
    w.StartObject();
    field(w, "url", redact_url(delivery.url));
    field(w, "state", delivery.state);
    field(w, "attempts", delivery.attempts);
    field(w, "next_attempt", when(delivery.next_attempt_ms));
    field(w, "last_error", redact_urls_in(delivery.last_error));
    field(w, "created", when(delivery.created_ms));
    field(w, "updated", when(delivery.updated_ms));
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

// Pulls "--flag VALUE" pairs out of `args`; false (with a message) on a dangling or unknown flag.
bool take_flags(std::vector<std::string>& args, std::vector<std::pair<std::string, std::string*>> flags,
                std::ostream& err) {
  for (std::size_t i = 0; i < args.size();) {
    if (args[i].rfind("--", 0) != 0) {
      ++i;
      continue;
    }
    auto found = std::find_if(flags.begin(), flags.end(), [&](const auto& f) { return f.first == args[i]; });
    if (found == flags.end()) {
      err << "thumbgate tasks: unknown option " << args[i] << "\n";
      return false;
    }
    if (i + 1 >= args.size()) {
      err << "thumbgate tasks: " << args[i] << " needs a value\n";
      return false;
    }
    *found->second = args[i + 1];
    args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
  }
  return true;
}

std::string cell(std::string text, std::size_t width) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  if (text.size() > width) text = text.substr(0, width - 1) + "~";
  return text;
}

int list(tasks::TaskStore& store, std::vector<std::string> args, std::ostream& out, std::ostream& err) {
  std::string status, app, api, limit = "50";
  if (!take_flags(args, {{"--status", &status}, {"--app", &app}, {"--api", &api}, {"--limit", &limit}}, err)) return 2;
  if (!args.empty()) {
    err << "thumbgate tasks list: unexpected argument '" << args.front() << "'\n" << kTasksUsage;
    return 2;
  }
  tasks::TaskQuery query;
  query.app_id = app;
  query.api = api;
  if (!status.empty()) {
    std::string upper = status;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
    query.status = tasks::parse_status(upper);
    if (!query.status) {
      err << "thumbgate tasks list: --status must be QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELED\n";
      return 2;
    }
  }
  int n = 0;
  auto [end, ec] = std::from_chars(limit.data(), limit.data() + limit.size(), n);
  if (ec != std::errc() || end != limit.data() + limit.size() || n < 1 || n > 1000) {
    err << "thumbgate tasks list: --limit must be an integer 1..1000\n";
    return 2;
  }
  query.limit = n;
  auto rows = store.list(query);
  if (!rows) {
    err << "thumbgate: " << rows.error().message << "\n";
    return 1;
  }
  out << std::left << std::setw(34) << "ID" << std::setw(10) << "STATUS" << std::setw(13) << "API" << std::setw(14)
      << "APP" << std::setw(22) << "TYPE" << std::setw(4) << "TRY" << std::setw(25) << "CREATED" << "ERROR\n";
  for (const tasks::TaskRecord& task : *rows) {
    out << std::setw(34) << cell(task.id, 33) << std::setw(10) << to_string(task.status) << std::setw(13)
        << cell(task.spec.api, 12) << std::setw(14) << cell(task.spec.app_id, 13) << std::setw(22)
        << cell(task.spec.type, 21) << std::setw(4) << task.attempts << std::setw(25) << when(task.created_ms)
        << cell(task.error_code, 40) << "\n";
  }
  return 0;
}

}  // namespace

int run_tasks_command(tasks::TaskStore& store, tasks::CallbackOutbox& outbox, std::vector<std::string> args,
                      int64_t now_ms, std::ostream& out, std::ostream& err) {
  if (args.empty()) {
    err << kTasksUsage;
    return 2;
  }
  const std::string sub = args.front();
  args.erase(args.begin());
  if (sub == "list") return list(store, std::move(args), out, err);
  if ((sub != "show" && sub != "retry" && sub != "cancel") || args.size() != 1) {
    err << kTasksUsage;
    return 2;
  }
  const std::string& id = args.front();
  auto task = store.get(id);
  if (!task) {
    err << "thumbgate: " << task.error().message << "\n";
    return 1;
  }
  if (!task->has_value()) {
    err << "thumbgate: no task " << id << "\n";
    return 1;
  }
  if (sub == "show") {
    auto callbacks = outbox.callbacks_for(id);
    if (!callbacks) {
      err << "thumbgate: " << callbacks.error().message << "\n";
      return 1;
    }
    out << show_json(**task, *callbacks);
    return 0;
  }
  const bool retry = sub == "retry";
  auto changed = retry ? store.retry(id, now_ms) : store.cancel(id, now_ms);
  if (!changed) {
    err << "thumbgate: " << changed.error().message << "\n";
    return 1;
  }
  if (!*changed) {
    err << "thumbgate: task " << id << " is " << to_string((**task).status)
        << (retry ? ": only FAILED or CANCELED tasks are retried\n"
                  : ": only tasks waiting for a worker are canceled\n");
    return 1;
  }
  out << "task " << id << (retry ? " queued again\n" : " canceled\n");
  return 0;
}

}  // namespace tg::cli
