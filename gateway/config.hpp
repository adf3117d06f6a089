#pragma once
// The gateway's one config file (JSON): where to listen and keep data, the worker pool, callbacks,
// the media table, outbound connections, and each vendor's sections (read by the vendor). Documented by
// schemas/config.schema.json (assembled from the parts, gateway/config_schema.hpp); an example is
// schemas/config.example.json.

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/common/outbound_settings.hpp"
#include "adapters/front_door.hpp"
#include "adapters/registry.hpp"
#include "core/address_policy.hpp"
#include "core/logger.hpp"
#include "core/result.hpp"
#include "gateway/admin/admin_settings.hpp"
#include "gateway/shared_state_settings.hpp"

namespace tg::gateway {

using adapters::OutboundSettings;

struct Config {
  std::string listen = "127.0.0.1:8080";  // "HOST:PORT" or "[v6]:PORT"; port 0 = any free port
  std::string data_dir = "./thumbgate-data";
  std::string media_root = "./media";
  LogLevel log_level = LogLevel::kInfo;  // server log records below it are dropped
  int workers = 2;          // 0 = accept and queue tasks but run none
  int max_remote_workers = 0;  // workers running http(s) inputs at once; 0 = all but one (at least one)
  int64_t lease_ms = 30000;
  int64_t max_queue = 1000;  // QUEUED tasks beyond which submissions are refused
  // QUEUED tasks of one app (a vendor's client key) beyond which its submissions are refused; unset in
  // the file: default_queue_share(max_queue).
  int64_t max_queue_per_app = 250;
  std::vector<int64_t> callback_retry_delays_ms{2000, 4000, 8000, 16000, 32000};
  // Client connections open at once; 0 = derived from the open-file limit (gateway/connection_budget.hpp).
  int64_t max_connections = 0;
  int64_t header_timeout_ms = 10000;  // to receive a request head, on a new or kept-alive connection
  // On SIGTERM/SIGINT: time for requests in flight to be answered and running tasks to finish; then the
  // rest is cancelled and its tasks go back to the queue.
  int64_t shutdown_grace_ms = 20000;
  // Finished tasks older than this are deleted with their outputs and callbacks; 0 = kept forever.
  int64_t retention_hours = 168;
  int64_t max_images_per_task = 1000;                       // images and sprite pages
  int64_t max_output_bytes_per_task = int64_t{1} << 30;     // all of a task's files
  std::map<std::string, std::string> media;  // file id -> path under media_root or http(s) URL
  // Output URLs start with it; empty = "http://" + the bound listen address. Every front door gets it
  // when the gateway starts (with_public_base_url).
  std::string public_base_url;
  OutboundSettings outbound;
  admin::AdminSettings admin;  // the operator console (/admin/)
  SharedStateSettings shared;  // database, redis, redis_key_prefix, outputs_dir
  // Each vendor's settings by its name, as its read_config made them.
  std::map<std::string, adapters::VendorSettings, std::less<>> vendors;

  /// The settings of the vendor `name`, of the type its read_config makes; throws when absent.
  template <class T>
  const T& vendor(std::string_view name) const {
    auto it = vendors.find(name);
    if (it == vendors.end()) throw std::out_of_range("no settings for the vendor " + std::string(name));
    return std::any_cast<const T&>(it->second);
  }
};

/// A quarter of `max_queue`, rounded up: one busy app leaves at least three quarters of the queue to the
/// others, whose tasks workers then take in turn with its own.
int64_t default_queue_share(int64_t max_queue);

/// Sets public_base_url, when the config left it empty, to `bound_url`.
void with_public_base_url(Config& config, const std::string& bound_url);

/// The embedded defaults: every vendor's defaults (no apps: the gateway creates a demo app).
Config default_config(const adapters::VendorList& vendors);

/// Parses and validates config JSON; unset fields keep their defaults. Each of `vendors` reads its own
/// keys. The error names the field path and what is wrong, e.g.
/// "apps[1].requests_per_second: must be an integer 1..10000".
tg::Result<Config, std::string> parse_config(std::string_view json_text, const adapters::VendorList& vendors);

/// parse_config with the standard vendors.
tg::Result<Config, std::string> parse_config(std::string_view json_text);

/// Reads `path` and parses it as parse_config does.
tg::Result<Config, std::string> load_config(const std::string& path, const adapters::VendorList& vendors);

}  // namespace tg::gateway
