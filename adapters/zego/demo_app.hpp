#pragma once
// The demo app a gateway started without apps creates once and keeps in data_dir across restarts.

#include <string>

#include "core/result.hpp"

namespace tg::adapters::zego {

struct DemoApp {
  std::string app_id;         // 9 decimal digits
  std::string server_secret;  // 32 hex characters
};

/// Reads data_dir/demo-app.json, or creates it with fresh random credentials (file mode 0600).
tg::Result<DemoApp, std::string> load_or_create_demo_app(const std::string& data_dir);

}  // namespace tg::adapters::zego
