#pragma once
// The one place outbound libcurl transfers open their sockets: only to addresses the outbound policy
// allows. Installed as CURLOPT_OPENSOCKETFUNCTION, it sees the address actually connected to, for the
// first connection, every reconnect and every redirect's, so no name resolution can slip past it.

#include <curl/curl.h>

#include <string>

#include "core/address_policy.hpp"

namespace tg {

struct OutboundSocketGuard {
  const AddressPolicy* policy = nullptr;  // nullptr = public addresses only
  std::string refused;                    // the last address refused ("" when none), for the caller
};

/// A curl_opensocket_callback; `guard` is the OutboundSocketGuard* given as CURLOPT_OPENSOCKETDATA.
/// Opens a close-on-exec socket for an allowed address; records, logs and refuses any other.
curl_socket_t open_allowed_socket(void* guard, curlsocktype purpose, curl_sockaddr* address);

}  // namespace tg
