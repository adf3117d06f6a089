#pragma once
// A port for tests of refused connections.

namespace tg::testing {

/// A loopback (127.0.0.1) port with nothing listening on it: connecting there is refused.
int closed_port();

}  // namespace tg::testing
