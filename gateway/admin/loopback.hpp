#pragma once
// Whether a client connected from this machine: the address the server saw, in text form.

#include <string_view>

namespace tg::gateway::admin {

/// True for 127.0.0.0/8, ::1 and IPv4-mapped 127.0.0.0/8 (::ffff:127.x.y.z); false for anything else,
/// including text that is no address.
bool is_loopback_address(std::string_view address);

}  // namespace tg::gateway::admin
