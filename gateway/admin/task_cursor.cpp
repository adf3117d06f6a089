#include "gateway/admin/task_cursor.hpp"

#include <charconv>

#include "signing/digest.hpp"

namespace tg::gateway::admin {

namespace {
constexpr std::size_t kMaxCursor = 512;
constexpr std::size_t kMaxId = 256;
}  // namespace

std::string encode_cursor(const TaskCursor& cursor) {
  return signing::base64url_encode(std::to_string(cursor.created_ms) + ":" + cursor.id);
}

std::optional<TaskCursor> decode_cursor(std::string_view text) {
  if (text.empty() || text.size() > kMaxCursor) return std::nullopt;
  const auto plain = signing::base64url_decode(text);
  if (!plain) return std::nullopt;
  const std::size_t colon = plain->find(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  TaskCursor cursor;
  const char* first = plain->data();
  auto [end, ec] = std::from_chars(first, first + colon, cursor.created_ms);
  if (ec != std::errc() || end != first + colon || cursor.created_ms < 0) return std::nullopt;
  cursor.id = plain->substr(colon + 1);
  if (cursor.id.empty() || cursor.id.size() > kMaxId) return std::nullopt;
  for (char c : cursor.id) {
    if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;
  }
  return cursor;
}

}  // namespace tg::gateway::admin
