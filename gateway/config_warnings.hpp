#pragma once
// What a valid config may still get wrong: settings that work but expose more than an operator may mean
// to, or make URLs clients cannot use. Logged at start-up as "config warning" lines (JSON, level warn);
// the gateway starts all the same.

#include <string>
#include <vector>

#include "gateway/config.hpp"

namespace tg::gateway {

struct ConfigWarning {
  std::string field;    // the config path, e.g. "admin.allow_remote"
  std::string message;  // what it means, e.g. "the console answers every client that reaches 0.0.0.0:8080"
};

/// The warnings `config` deserves, in field order; none for the embedded defaults.
std::vector<ConfigWarning> config_warnings(const Config& config);

/// Logs each warning of `config` (message "config warning", fields "field" and "warning").
void log_config_warnings(const Config& config);

}  // namespace tg::gateway
