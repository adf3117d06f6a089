#pragma once
// "HOST:PORT" (or "[v6]:PORT") as written in the config's `listen` field.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace tg::gateway {

struct ListenAddress {
  std::string host;  // without brackets
  uint16_t port = 0;
};

/// Parses "127.0.0.1:8080", "[::1]:0", "localhost:8080"; the error says what is wrong.
tg::Result<ListenAddress, std::string> parse_listen_address(std::string_view text);

}  // namespace tg::gateway
