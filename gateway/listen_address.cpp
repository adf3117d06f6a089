#include "gateway/listen_address.hpp"

#include <charconv>

namespace tg::gateway {

tg::Result<ListenAddress, std::string> parse_listen_address(std::string_view text) {
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) {
    return tg::unexpected("listen: expected HOST:PORT, got '" + std::string(text) + "'");
  }
  std::string_view host = text.substr(0, colon);
  std::string_view port_text = text.substr(colon + 1);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return tg::unexpected("listen: malformed IPv6 address");
    host = host.substr(1, host.size() - 2);
  }
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    return tg::unexpected("listen: port must be 0..65535, got '" + std::string(port_text) + "'");
  }
  if (host == "localhost") host = "127.0.0.1";
  return ListenAddress{std::string(host), static_cast<uint16_t>(port)};
}

}  // namespace tg::gateway
