#include "gateway/admin/task_filter.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace tg::gateway::admin {

namespace {

using tasks::TaskQuery;
using tasks::TaskStatus;
using Error = tg::Unexpected<std::string>;

constexpr std::size_t kMaxText = 1024;
constexpr std::size_t kMaxId = 256;
// 9999-12-31T23:59:59.999Z: later times are no times a task has.
constexpr int64_t kMaxTimeMs = 253'402'300'799'999;

Error bad(const std::string& name, const std::string& what) { return tg::unexpected(name + ": " + what); }

bool has_control(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

tg::Result<Ok, std::string> check_text(const std::string& name, std::string_view value, std::size_t max) {
  if (value.size() > max) return bad(name, "longer than " + std::to_string(max) + " bytes");
  if (has_control(value)) return bad(name, "contains control characters");
  return Ok{};
}

tg::Result<int64_t, std::string> parse_time(const std::string& name, std::string_view text) {
  int64_t ms = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
  if (ec != std::errc() || end != text.data() + text.size() || ms < 0 || ms > kMaxTimeMs) {
    return bad(name, "must be a time in milliseconds since the epoch (0.." + std::to_string(kMaxTimeMs) + ")");
  }
  return ms;
}

tg::Result<Ok, std::string> set_status(const std::string& name, std::string_view text, TaskQuery& query) {
  std::string upper(text);
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  query.status = tasks::parse_status(upper);
  if (!query.status) return bad(name, "must be QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELED");
  return Ok{};
}

tg::Result<Ok, std::string> add_id(const std::string& name, std::string_view id, TaskQuery& query) {
  if (id.empty()) return Ok{};
  TG_TRY(check_text(name, id, kMaxId));
  if (query.ids.size() >= kMaxFilterIds) return bad(name, "at most " + std::to_string(kMaxFilterIds) + " ids");
  query.ids.emplace_back(id);
  return Ok{};
}

// One named value, as the query string and the JSON filter both give it (text).
tg::Result<Ok, std::string> apply(const std::string& shown, std::string_view key, std::string_view value,
                                  TaskQuery& query) {
  if (value.empty()) return Ok{};
  if (key == "id") return add_id(shown, value, query);
  if (key == "app") {
    TG_TRY(check_text(shown, value, kMaxText));
    query.app_id = value;
  } else if (key == "api") {
    TG_TRY(check_text(shown, value, kMaxText));
    query.api = value;
  } else if (key == "source") {
    TG_TRY(check_text(shown, value, kMaxText));
    query.source = value;
  } else if (key == "status") {
    TG_TRY(set_status(shown, value, query));
  } else if (key == "from") {
    TG_TRY_ASSIGN(query.created_from_ms, parse_time(shown, value));
  } else if (key == "to") {
    TG_TRY_ASSIGN(query.created_to_ms, parse_time(shown, value));
  }
  return Ok{};
}

}  // namespace

std::optional<TaskAction> parse_action(std::string_view text) {
  if (text == "retry") return TaskAction::kRetry;
  if (text == "cancel") return TaskAction::kCancel;
  return std::nullopt;
}

std::vector<TaskStatus> action_statuses(TaskAction action, const std::optional<TaskStatus>& status) {
  std::vector<TaskStatus> statuses = action == TaskAction::kRetry
                                         ? std::vector<TaskStatus>{TaskStatus::kFailed, TaskStatus::kCanceled}
                                         : std::vector<TaskStatus>{TaskStatus::kQueued};
  if (status) {
    std::erase_if(statuses, [&](TaskStatus s) { return s != *status; });
  }
  return statuses;
}

tg::Result<TaskQuery, std::string> filter_from_query(const ApiRequest& request) {
  TaskQuery query;
  for (const auto& [key, value] : request.query) {
    if (key == "id" || key == "app" || key == "api" || key == "source" || key == "status" || key == "from" ||
        key == "to") {
      // A field given twice (other than id) would silently lose one of its values.
      if (key != "id" && !value.empty() && request.query_values(key).size() > 1) {
        return bad(key, "given more than once");
      }
      TG_TRY(apply(key, key, value, query));
    }
  }
  return query;
}

tg::Result<TaskQuery, std::string> filter_from_json(const rapidjson::Value& filter, const std::string& path) {
  if (!filter.IsObject()) return bad(path, "must be an object");
  TaskQuery query;
  for (auto it = filter.MemberBegin(); it != filter.MemberEnd(); ++it) {
    const std::string key(it->name.GetString(), it->name.GetStringLength());
    const std::string shown = path + "." + key;
    const rapidjson::Value& value = it->value;
    if (value.IsNull()) continue;
    if (key == "id") {
      if (value.IsString()) {
        TG_TRY(add_id(shown, std::string_view(value.GetString(), value.GetStringLength()), query));
        continue;
      }
      if (!value.IsArray()) return bad(shown, "must be an array of task ids");
      if (value.Size() > kMaxFilterIds) return bad(shown, "at most " + std::to_string(kMaxFilterIds) + " ids");
      for (const auto& id : value.GetArray()) {
        if (!id.IsString()) return bad(shown, "must be an array of task ids");
        TG_TRY(add_id(shown, std::string_view(id.GetString(), id.GetStringLength()), query));
      }
      continue;
    }
    if (key == "from" || key == "to") {
      if (value.IsInt64()) {
        TG_TRY(apply(shown, key, std::to_string(value.GetInt64()), query));
        continue;
      }
      if (!value.IsString()) return bad(shown, "must be a time in milliseconds since the epoch");
    } else if (key == "app" || key == "api" || key == "source" || key == "status") {
      if (!value.IsString()) return bad(shown, "must be a string");
    } else {
      return bad(shown, "unknown field (id, app, api, source, status, from, to)");
    }
    TG_TRY(apply(shown, key, std::string_view(value.GetString(), value.GetStringLength()), query));
  }
  return query;
}

}  // namespace tg::gateway::admin
