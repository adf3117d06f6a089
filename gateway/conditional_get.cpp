#include "gateway/conditional_get.hpp"

#include <strings.h>

namespace tg::gateway {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string_view opaque(std::string_view tag) {
  tag = trimmed(tag);
  if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
  return tag;
}

const std::string* header_value(const ApiResponse& response, std::string_view name) {
  for (const auto& [key, value] : response.headers) {
    if (key.size() == name.size() && ::strncasecmp(key.data(), name.data(), name.size()) == 0) return &value;
  }
  return nullptr;
}

}  // namespace

bool if_none_match_matches(std::string_view if_none_match, std::string_view etag) {
  const std::string_view wanted = opaque(etag);
  if (wanted.size() < 2 || wanted.front() != '"' || wanted.back() != '"') return false;
  if (trimmed(if_none_match) == "*") return true;
  // Entity-tags are quoted strings without commas inside (RFC 9110 8.8.3), so a comma separates them.
  while (true) {
    const auto comma = if_none_match.find(',');
    if (opaque(if_none_match.substr(0, comma)) == wanted) return true;
    if (comma == std::string_view::npos) return false;
    if_none_match.remove_prefix(comma + 1);
  }
}

ApiResponse answer_conditionally(std::string_view method, const std::optional<std::string>& if_none_match,
                                 ApiResponse response) {
  if (!if_none_match || (method != "GET" && method != "HEAD") || response.status != 200) return response;
  const std::string* etag = header_value(response, "ETag");
  if (!etag || !if_none_match_matches(*if_none_match, *etag)) return response;
  ApiResponse not_modified;
  not_modified.status = 304;
  not_modified.content_type = response.content_type;
  for (const char* kept : {"ETag", "Cache-Control", "Last-Modified", "Vary", "Expires", "Content-Location"}) {
    if (const std::string* value = header_value(response, kept)) not_modified.headers.emplace_back(kept, *value);
  }
  not_modified.log_fields = std::move(response.log_fields);
  return not_modified;
}

}  // namespace tg::gateway
