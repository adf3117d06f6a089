#pragma once
// Bounds on what a vendor request may carry (how many parameters, how long a name or a value), checked by
// every front door before any other work, so that no request makes the gateway spend more than a
// small, fixed effort before it is refused.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tg::adapters {

struct ParamLimits {
  std::size_t max_params = 256;        // query and form together
  std::size_t max_name_bytes = 256;    // decoded
  std::size_t max_value_bytes = 4096;  // decoded
};

/// The parameters of a request as every front door sees them.
using ParamList = std::vector<std::pair<std::string, std::string>>;

/// Non-empty '&'-separated parts of an urlencoded query or form, counted without decoding anything.
std::size_t count_query_pairs(std::string_view raw);

/// Why `params` break `limits`, as a message for the client; nullopt when they do not.
std::optional<std::string> param_limit_error(const ParamList& params, const ParamLimits& limits = {});

/// The message for a request with `count` parameters, over `limits`.
std::string too_many_params_message(std::size_t count, const ParamLimits& limits = {});

}  // namespace tg::adapters
