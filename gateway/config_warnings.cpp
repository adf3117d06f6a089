#include "gateway/config_warnings.hpp"

#include "core/logger.hpp"
#include "gateway/admin/loopback.hpp"
#include "gateway/listen_address.hpp"

namespace tg::gateway {
namespace {

// True when a listener on `listen` can be reached from other machines ("localhost" counts as loopback).
bool reachable_from_outside(const std::string& listen) {
  auto address = parse_listen_address(listen);
  if (!address) return false;  // refused at start anyway
  return address->host != "localhost" && !admin::is_loopback_address(address->host);
}

bool unspecified_host(const std::string& listen) {
  auto address = parse_listen_address(listen);
  return address && (address->host == "0.0.0.0" || address->host == "::");
}

}  // namespace

std::vector<ConfigWarning> config_warnings(const Config& config) {
  std::vector<ConfigWarning> warnings;
  if (config.public_base_url.empty() && unspecified_host(config.listen)) {
    warnings.push_back({"public_base_url", "empty while listening on " + config.listen +
                                               ": output URLs will name that address, which clients cannot "
                                               "reach; set the URL clients use"});
  }
  if (config.retention_hours == 0) {
    warnings.push_back({"retention_hours", "0: finished tasks and their files are kept forever"});
  }
  const AddressPolicy& policy = config.outbound.policy;
  if (policy.allows_ip("127.0.0.1") || policy.allows_ip("::1")) {
    warnings.push_back({"outbound.allow_networks", "allows loopback: media URLs, origins and callbacks can reach "
                                                   "services on this machine"});
  }
  if (policy.allows_ip("169.254.169.254")) {
    warnings.push_back({"outbound.allow_networks", "allows 169.254.169.254: media URLs and callbacks can read a "
                                                   "cloud instance's metadata service and its credentials"});
  }
  if (config.admin.listen.empty() && config.admin.allow_remote && reachable_from_outside(config.listen)) {
    warnings.push_back({"admin.allow_remote", "the console answers every client that reaches " + config.listen +
                                                  ", guarded by its token alone"});
  }
  if (!config.admin.listen.empty() && reachable_from_outside(config.admin.listen)) {
    warnings.push_back({"admin.listen", "the console listens on " + config.admin.listen +
                                            ", reachable from other machines, guarded by its token alone"});
  }
  return warnings;
}

void log_config_warnings(const Config& config) {
  for (const ConfigWarning& warning : config_warnings(config)) {
    tg::log(LogLevel::kWarn, "config warning", {{"field", warning.field}, {"warning", warning.message}});
  }
}

}  // namespace tg::gateway
