#pragma once
// Outbound connections (remote media, bucket origins, callbacks): where they may go and how long an idle
// one may last. Read from the config's "outbound" section; every vendor's outbound work follows it.

#include <cstdint>
#include <string>
#include <vector>

#include "core/address_policy.hpp"

namespace tg::adapters {

/// Addresses are checked on the connection actually made, redirects included.
struct OutboundSettings {
  std::vector<std::string> allow_networks;  // non-public networks allowed anyway, e.g. "10.0.0.0/8"
  AddressPolicy policy;                     // public addresses + allow_networks
  int64_t idle_timeout_ms = 15000;          // a transfer that receives nothing for this long fails
};

}  // namespace tg::adapters
