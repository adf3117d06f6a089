#include "adapters/player/media_id.hpp"

#include <algorithm>

namespace tg::adapters::player {
namespace {

bool allowed(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("-_.~:@+=,").find(c) != std::string_view::npos;
}

std::optional<std::string> segment_error(std::string_view segment) {
  if (segment.empty()) return "the media id has an empty segment (a leading, trailing or doubled '/')";
  if (segment.size() > kMaxMediaSegmentBytes) {
    return "a segment of the media id is longer than " + std::to_string(kMaxMediaSegmentBytes) + " bytes";
  }
  if (!std::all_of(segment.begin(), segment.end(), allowed)) {
    return "the media id may hold only letters, digits, \"-_.~:@+=,\" and '/' between segments";
  }
  if (segment.front() == '.') return "no segment of the media id may start with '.'";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> media_id_error(std::string_view id) {
  if (id.empty()) return "the media id is empty";
  if (id.size() > kMaxMediaIdBytes) {
    return "the media id is longer than " + std::to_string(kMaxMediaIdBytes) + " bytes";
  }
  for (;;) {
    const auto slash = id.find('/');
    if (auto bad = segment_error(id.substr(0, slash))) return bad;
    if (slash == std::string_view::npos) return std::nullopt;
    id.remove_prefix(slash + 1);
  }
}

std::optional<std::string> media_policy_key_error(std::string_view key) {
  if (key.size() > 1 && key.back() == '/') key.remove_suffix(1);
  return media_id_error(key);
}

std::optional<BucketMediaId> bucket_media_id(std::string_view id) {
  if (!id.starts_with(kBucketMediaPrefix)) return std::nullopt;
  id.remove_prefix(kBucketMediaPrefix.size());
  const auto slash = id.find('/');
  BucketMediaId out;
  out.bucket = std::string(id.substr(0, slash));
  if (slash != std::string_view::npos) out.key = std::string(id.substr(slash + 1));
  return out;
}

}  // namespace tg::adapters::player
