#pragma once
// A callback delivery's states and their one spelling, shared by C++ and the SQL that stores them.

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace tg::tasks {

enum class DeliveryState { kPending, kDelivered, kFailed };

struct DeliveryStateName {
  DeliveryState state;
  const char* name;  // as stored in callbacks.state
};

inline constexpr std::array<DeliveryStateName, 3> kDeliveryStateNames{{
    {DeliveryState::kPending, "pending"},
    {DeliveryState::kDelivered, "delivered"},
    {DeliveryState::kFailed, "failed"},
}};

/// "pending", "delivered", "failed".
constexpr const char* to_string(DeliveryState state) {
  for (const DeliveryStateName& entry : kDeliveryStateNames) {
    if (entry.state == state) return entry.name;
  }
  return kDeliveryStateNames[0].name;
}

/// The state spelled `text` exactly; nullopt for anything else.
constexpr std::optional<DeliveryState> parse_delivery_state(std::string_view text) {
  for (const DeliveryStateName& entry : kDeliveryStateNames) {
    if (text == entry.name) return entry.state;
  }
  return std::nullopt;
}

/// The state as an SQL string literal, e.g. 'pending', for statements built from this table.
inline std::string sql_literal(DeliveryState state) { return std::string("'") + to_string(state) + "'"; }

}  // namespace tg::tasks
