#include "core/address_policy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <charconv>
#include <cstring>

namespace tg {
namespace {

using Bytes = std::array<uint8_t, 16>;

Bytes mapped_v4(const uint8_t v4[4]) {
  Bytes out{};
  out[10] = 0xff;
  out[11] = 0xff;
  std::memcpy(out.data() + 12, v4, 4);
  return out;
}

bool is_mapped_v4(const Bytes& a) {
  for (int i = 0; i < 10; ++i) {
    if (a[static_cast<size_t>(i)] != 0) return false;
  }
  return a[10] == 0xff && a[11] == 0xff;
}

// Parses an IPv4 or IPv6 address into the 16-byte form (IPv4 mapped); false when it is neither.
bool parse_ip(std::string_view text, Bytes& out) {
  if (text.empty() || text.size() > 64) return false;
  std::string s(text);
  uint8_t v4[4];
  if (inet_pton(AF_INET, s.c_str(), v4) == 1) {
    out = mapped_v4(v4);
    return true;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    std::memcpy(out.data(), &v6, 16);
    return true;
  }
  return false;
}

bool in_prefix(const Bytes& address, const Bytes& prefix, int bits) {
  int full = bits / 8;
  for (int i = 0; i < full; ++i) {
    if (address[static_cast<size_t>(i)] != prefix[static_cast<size_t>(i)]) return false;
  }
  int rest = bits % 8;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (address[static_cast<size_t>(full)] & mask) == (prefix[static_cast<size_t>(full)] & mask);
}

bool v4_in(const uint8_t a[4], uint8_t p0, uint8_t p1, uint8_t p2, int bits) {
  uint32_t addr = (uint32_t{a[0]} << 24) | (uint32_t{a[1]} << 16) | (uint32_t{a[2]} << 8) | a[3];
  uint32_t prefix = (uint32_t{p0} << 24) | (uint32_t{p1} << 16) | (uint32_t{p2} << 8);
  uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
  return (addr & mask) == (prefix & mask);
}

bool is_public_v4(const uint8_t a[4]) {
  struct Range {
    uint8_t p0, p1, p2;
    int bits;
  };
  // IANA special-purpose IPv4 registry: everything not globally reachable.
  static constexpr Range kNotPublic[] = {
      {0, 0, 0, 8},        // "this network"
      {10, 0, 0, 8},       // private
      {100, 64, 0, 10},    // shared address space (CGNAT)
      {127, 0, 0, 8},      // loopback
      {169, 254, 0, 16},   // link-local (cloud metadata services live here)
      {172, 16, 0, 12},    // private
      {192, 0, 0, 24},     // IETF protocol assignments
      {192, 0, 2, 24},     // documentation
      {192, 88, 99, 24},   // 6to4 relay anycast
      {192, 168, 0, 16},   // private
      {198, 18, 0, 15},    // benchmarking
      {198, 51, 100, 24},  // documentation
      {203, 0, 113, 24},   // documentation
      {224, 0, 0, 4},      // multicast
      {240, 0, 0, 4},      // reserved, broadcast
  };
  for (const Range& r : kNotPublic) {
    if (v4_in(a, r.p0, r.p1, r.p2, r.bits)) return false;
  }
  return true;
}

Bytes bytes_of(std::initializer_list<uint8_t> head) {
  Bytes out{};
  size_t i = 0;
  for (uint8_t b : head) out[i++] = b;
  return out;
}

}  // namespace

bool AddressPolicy::is_public(const Bytes& a) {
  if (is_mapped_v4(a)) return is_public_v4(a.data() + 12);
  // NAT64 well-known prefix 64:ff9b::/96 carries an IPv4 address in its last 32 bits.
  if (in_prefix(a, bytes_of({0x00, 0x64, 0xff, 0x9b}), 96)) return is_public_v4(a.data() + 12);
  // 6to4 2002::/16 carries one in bits 16..47.
  if (in_prefix(a, bytes_of({0x20, 0x02}), 16)) return is_public_v4(a.data() + 2);
  struct Range {
    Bytes prefix;
    int bits;
  };
  static const Range kNotPublic[] = {
      {bytes_of({}), 96},                        // ::/96: unspecified, loopback, IPv4-compatible
      {bytes_of({0x00, 0x64, 0xff, 0x9b, 0x00, 0x01}), 48},  // local-use NAT64
      {bytes_of({0x01, 0x00}), 64},              // discard-only
      {bytes_of({0x20, 0x01, 0x00}), 23},        // IETF protocol assignments (Teredo, ORCHID, ...)
      {bytes_of({0x20, 0x01, 0x0d, 0xb8}), 32},  // documentation
      {bytes_of({0x3f, 0xff}), 20},              // documentation
      {bytes_of({0xfc}), 7},                     // unique-local
      {bytes_of({0xfe, 0x80}), 10},              // link-local
      {bytes_of({0xfe, 0xc0}), 10},              // site-local (deprecated)
      {bytes_of({0xff}), 8},                     // multicast
  };
  for (const Range& r : kNotPublic) {
    if (in_prefix(a, r.prefix, r.bits)) return false;
  }
  return true;
}

tg::Result<AddressPolicy, std::string> AddressPolicy::from_allow_list(const std::vector<std::string>& allowed) {
  AddressPolicy policy;
  for (const std::string& entry : allowed) {
    std::string_view text = entry;
    std::string_view address = text;
    int bits = -1;
    if (auto slash = text.find('/'); slash != std::string_view::npos) {
      address = text.substr(0, slash);
      std::string_view length = text.substr(slash + 1);
      auto [end, ec] = std::from_chars(length.data(), length.data() + length.size(), bits);
      if (ec != std::errc() || end != length.data() + length.size() || length.empty()) {
        return tg::unexpected("\"" + entry + "\" is not an address or a network (ADDRESS/PREFIX)");
      }
    }
    Network network;
    if (!parse_ip(address, network.prefix)) {
      return tg::unexpected("\"" + entry + "\" is not an IPv4 or IPv6 address or network");
    }
    const bool v4 = address.find(':') == std::string_view::npos;
    const int max_bits = v4 ? 32 : 128;
    if (bits < 0) bits = max_bits;
    if (bits > max_bits) {
      return tg::unexpected("\"" + entry + "\": the prefix length is more than " + std::to_string(max_bits));
    }
    network.bits = v4 ? bits + 96 : bits;
    policy.allowed_.push_back(network);
  }
  return policy;
}

bool AddressPolicy::allows_bytes(const Bytes& address) const {
  for (const Network& n : allowed_) {
    if (in_prefix(address, n.prefix, n.bits)) return true;
  }
  return is_public(address);
}

bool AddressPolicy::allows(const sockaddr* address) const {
  if (address == nullptr) return false;
  if (address->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(address);
    uint8_t v4[4];
    std::memcpy(v4, &in->sin_addr, 4);
    return allows_bytes(mapped_v4(v4));
  }
  if (address->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
    Bytes bytes;
    std::memcpy(bytes.data(), &in6->sin6_addr, 16);
    return allows_bytes(bytes);
  }
  return false;
}

bool AddressPolicy::allows_ip(std::string_view ip) const {
  Bytes bytes;
  return parse_ip(ip, bytes) && allows_bytes(bytes);
}

tg::Result<Ok, std::string> check_outbound_url(std::string_view url, const AddressPolicy& policy) {
  std::string_view rest;
  if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else if (url.rfind("https://", 0) == 0) {
    rest = url.substr(8);
  } else {
    return tg::unexpected(std::string("the URL must start with http:// or https:// (lowercase)"));
  }
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);
  std::string_view host = authority;
  if (!host.empty() && host.front() == '[') {
    auto close = host.find(']');
    if (close == std::string_view::npos) return tg::unexpected(std::string("the URL's IPv6 host has no ']'"));
    host = host.substr(1, close - 1);
  } else if (auto colon = host.rfind(':'); colon != std::string_view::npos) {
    host = host.substr(0, colon);
  }
  if (host.empty()) return tg::unexpected(std::string("the URL has no host"));
  Bytes literal;
  if (parse_ip(host, literal) && !policy.allows_ip(host)) {
    return tg::unexpected("the URL's host " + std::string(host) +
                          " is not a public address and not in outbound.allow_networks");
  }
  return Ok{};
}

}  // namespace tg
