#pragma once
// The config file's `admin` section: the operator console's token, where it is served and for how long a
// sign-in lasts.

#include <rapidjson/document.h>

#include <string>

#include "core/result.hpp"

namespace tg::gateway::admin {

struct AdminSettings {
  // The token that signs in (and signs the session cookies). "" = generated at first start into
  // data_dir/admin-token and reused. At least kMinTokenLength characters when given.
  std::string token;
  // "" = /admin/ is served on the main listener; "HOST:PORT" = a listener of its own serving only /admin/.
  std::string listen;
  // On the main listener /admin/ answers loopback clients only unless this is true.
  bool allow_remote = false;
  int session_hours = 12;  // 1..168
};

inline constexpr std::size_t kMinTokenLength = 16;
inline constexpr std::size_t kMaxTokenLength = 512;

/// Why `token` cannot be an admin token (too short or long, control characters or spaces), or "" when it can.
std::string token_problem(const std::string& token);

/// Reads the `admin` object (at config path "admin") into `settings`; the error names the field.
tg::Result<Ok, std::string> read_admin_settings(const rapidjson::Value& value, AdminSettings& settings);

}  // namespace tg::gateway::admin
