#pragma once
// The opaque paging cursor of the task list: base64url of "<created_ms>:<id>", the last row of a page.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tg::gateway::admin {

struct TaskCursor {
  int64_t created_ms = 0;
  std::string id;
};

std::string encode_cursor(const TaskCursor& cursor);

/// nullopt for anything encode_cursor did not make (bad base64url, no ':', a bad time, an empty or long id).
std::optional<TaskCursor> decode_cursor(std::string_view text);

}  // namespace tg::gateway::admin
