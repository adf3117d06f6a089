#pragma once
// The admin token in use: the config's, or the one kept in data_dir/admin-token (generated there, owner-only,
// at the first start without one).

#include <string>

#include "core/result.hpp"
#include "gateway/admin/admin_settings.hpp"

namespace tg::gateway::admin {

struct AdminToken {
  std::string value;
  // True when it came from (or was just written to) data_dir/admin-token: the operator learns it from the
  // start-up line. A token from the config file is never printed.
  bool from_file = false;
};

/// The file a generated token is kept in.
std::string admin_token_path(const std::string& data_dir);

/// `settings.token` when set; otherwise the token in data_dir/admin-token, which is created (32 random bytes,
/// base64url, mode 0600) when absent. The error names the file and what is wrong with it.
tg::Result<AdminToken, std::string> resolve_admin_token(const AdminSettings& settings, const std::string& data_dir);

}  // namespace tg::gateway::admin
