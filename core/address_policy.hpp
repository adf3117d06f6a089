#pragma once
// Which network addresses thumbgate's outbound connections (remote media, bucket origins, callbacks) may
// reach: public unicast addresses, plus the networks an operator allows in the config. Checked on the
// address actually connected to (after name resolution, and again for every redirect's connection), so
// a hostname that resolves to 127.0.0.1 or 169.254.169.254 is refused like the literal address.

#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace tg {

class AddressPolicy {
 public:
  /// Public addresses only.
  AddressPolicy() = default;

  /// Public addresses plus `allowed` networks: "127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8". The error
  /// names the entry that is not an address or network.
  static tg::Result<AddressPolicy, std::string> from_allow_list(const std::vector<std::string>& allowed);

  /// True when a connection to `address` (AF_INET or AF_INET6; anything else is refused) may be made.
  bool allows(const sockaddr* address) const;
  /// The same for an address in text form ("192.0.2.1", "::1"); false when `ip` is not an address.
  bool allows_ip(std::string_view ip) const;

  /// True for globally reachable unicast addresses: not loopback, private, link-local, shared (CGNAT),
  /// unique-local, multicast, unspecified, documentation, benchmarking or reserved; IPv4 embedded in
  /// IPv6 (mapped, NAT64, 6to4) is judged by its IPv4 address.
  static bool is_public(const std::array<uint8_t, 16>& ipv6_or_mapped);

 private:
  struct Network {
    std::array<uint8_t, 16> prefix{};  // IPv4 networks are stored IPv4-mapped (::ffff:a.b.c.d)
    int bits = 0;                      // prefix length over the 128-bit form
  };
  bool allows_bytes(const std::array<uint8_t, 16>& address) const;

  std::vector<Network> allowed_;
};

/// Checks an outbound URL before it is stored or used: the scheme is exactly "http" or "https"
/// (lowercase), the host is not empty, and an IP-literal host is allowed by `policy`. The error says which.
tg::Result<Ok, std::string> check_outbound_url(std::string_view url, const AddressPolicy& policy);

}  // namespace tg
