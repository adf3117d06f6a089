#include "core/api_message.hpp"

namespace tg {

std::optional<std::string> ApiRequest::query_value(std::string_view name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::vector<std::string> ApiRequest::query_values(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : query) {
    if (k == name) out.push_back(v);
  }
  return out;
}

std::optional<std::string> ApiRequest::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return std::nullopt;
}

ApiResponse json_response(std::string json) {
  ApiResponse response;
  response.status = 200;
  response.content_type = "application/json";
  response.body = std::move(json);
  return response;
}

}  // namespace tg
