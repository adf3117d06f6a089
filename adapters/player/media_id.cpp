#include "adapters/player/media_id.hpp"

#include <algorithm>

namespace tg::adapters::player {
namespace {

bool allowed(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("-_.~:@+=,").find(c) != std::string_view::npos;
}

}  // namespace

std::optional<std::string> media_id_error(std::string_view id) {
  if (id.empty()) return "the media id is empty";
  if (id.size() > kMaxMediaIdBytes) {
    return "the media id is longer than " + std::to_string(kMaxMediaIdBytes) + " bytes";
  }
  if (!std::all_of(id.begin(), id.end(), allowed)) {
    return "the media id may hold only letters, digits and \"-_.~:@+=,\"";
  }
  if (id.front() == '.') return "the media id must not start with '.'";
  return std::nullopt;
}

}  // namespace tg::adapters::player
