#include "adapters/common/param_limits.hpp"

namespace tg::adapters {

std::size_t count_query_pairs(std::string_view raw) {
  std::size_t count = 0;
  std::size_t part_length = 0;
  for (char c : raw) {
    if (c == '&') {
      count += part_length > 0;
      part_length = 0;
    } else {
      ++part_length;
    }
  }
  return count + (part_length > 0);
}

std::string too_many_params_message(std::size_t count, const ParamLimits& limits) {
  return "the request has " + std::to_string(count) + " parameters; at most " + std::to_string(limits.max_params) +
         " are accepted";
}

std::optional<std::string> param_limit_error(const ParamList& params, const ParamLimits& limits) {
  if (params.size() > limits.max_params) return too_many_params_message(params.size(), limits);
  for (const auto& [name, value] : params) {
    if (name.size() > limits.max_name_bytes) {
      return "a parameter name is longer than " + std::to_string(limits.max_name_bytes) + " bytes";
    }
    if (value.size() > limits.max_value_bytes) {
      return "parameter " + name + " is longer than " + std::to_string(limits.max_value_bytes) + " bytes";
    }
  }
  return std::nullopt;
}

}  // namespace tg::adapters
