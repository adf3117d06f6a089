#include "gateway/admin/loopback.hpp"

#include <arpa/inet.h>

#include <array>
#include <cstdint>
#include <string>

namespace tg::gateway::admin {

bool is_loopback_address(std::string_view address) {
  if (address.empty() || address.size() > 64) return false;
  const std::string text(address);
  std::array<uint8_t, 4> v4{};
  if (::inet_pton(AF_INET, text.c_str(), v4.data()) == 1) return v4[0] == 127;
  std::array<uint8_t, 16> v6{};
  if (::inet_pton(AF_INET6, text.c_str(), v6.data()) != 1) return false;
  bool leading_zero = true;
  for (int i = 0; i < 10; ++i) leading_zero = leading_zero && v6[i] == 0;
  bool is_one = leading_zero;
  for (int i = 10; i < 15; ++i) is_one = is_one && v6[i] == 0;
  if (is_one && v6[15] == 1) return true;
  return leading_zero && v6[10] == 0xff && v6[11] == 0xff && v6[12] == 127;
}

}  // namespace tg::gateway::admin
