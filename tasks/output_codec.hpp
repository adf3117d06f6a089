#pragma once
// JSON form of a task's outputs, as kept in the tasks.outputs column.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "tasks/task.hpp"

namespace tg::tasks {

/// A JSON array of {"name","kind","offset_ms","width","height"}.
std::string encode_outputs(const std::vector<TaskOutput>& outputs);
/// Parses what encode_outputs wrote; the error says which entry is wrong.
tg::Result<std::vector<TaskOutput>, std::string> decode_outputs(std::string_view json);

}  // namespace tg::tasks
