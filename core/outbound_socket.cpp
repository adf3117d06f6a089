#include "core/outbound_socket.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>


namespace tg {
namespace {

std::string address_text(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text, sizeof text);
  } else if (address->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, text, sizeof text);
  } else {
    return "address family " + std::to_string(address->sa_family);
  }
  return text;
}

}  // namespace

curl_socket_t open_allowed_socket(void* guard, curlsocktype purpose, curl_sockaddr* address) {
  auto* g = static_cast<OutboundSocketGuard*>(guard);
  static const AddressPolicy public_only;
  const AddressPolicy& policy = g->policy ? *g->policy : public_only;
  // curl_sockaddr's addr is the start of a buffer of addrlen bytes, big enough for sockaddr_in6.
  if (purpose != CURLSOCKTYPE_IPCXN || !policy.allows(&address->addr)) {
    // The caller reports the refusal with its own context (the task, the callback) from g->refused.
    g->refused = address_text(&address->addr);
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

}  // namespace tg
