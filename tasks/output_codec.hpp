#pragma once
// JSON form of a task's outputs, as kept in the tasks.outputs column.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "tasks/task.hpp"

namespace tg::tasks {

/// A JSON array of {"name","kind","offset_ms","width","height","index","frame_ms","entries"}.
std::string encode_outputs(const std::vector<TaskOutput>& outputs);
/// Parses what encode_outputs wrote, also before index/frame_ms/entries were (index = position, frame_ms = -1,
/// entries = 0); the error says which entry is wrong.
tg::Result<std::vector<TaskOutput>, std::string> decode_outputs(std::string_view json);

}  // namespace tg::tasks
