#pragma once
// Which tasks an admin request selects: the list and count routes read it from the query string
// (id, app, api, source, status, from, to), the bulk route from a JSON "filter" object with the same names.
// Empty values select everything, as a form with blank fields means. Errors name the parameter.

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/api_message.hpp"
#include "core/result.hpp"
#include "tasks/task.hpp"

namespace tg::gateway::admin {

inline constexpr std::size_t kMaxFilterIds = 100;

/// retry: FAILED or CANCELED tasks back to the queue; cancel: QUEUED tasks off it.
enum class TaskAction { kRetry, kCancel };

std::optional<TaskAction> parse_action(std::string_view text);

/// The statuses `action` applies to, narrowed to `status` when the filter names one (then possibly none).
std::vector<tasks::TaskStatus> action_statuses(TaskAction action, const std::optional<tasks::TaskStatus>& status);

/// The filter in `request`'s query string; limit, order and paging are left at their defaults.
tg::Result<tasks::TaskQuery, std::string> filter_from_query(const ApiRequest& request);

/// The filter in a JSON object (the bulk route's "filter"); `path` prefixes the field names in errors.
tg::Result<tasks::TaskQuery, std::string> filter_from_json(const rapidjson::Value& filter, const std::string& path);

}  // namespace tg::gateway::admin
