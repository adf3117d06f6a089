#include "core/random_id.hpp"

#include <openssl/rand.h>

#include <stdexcept>

namespace tg {

std::string random_bytes(std::size_t count) {
  std::string buf(count, '\0');
  if (count > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(buf.data()), static_cast<int>(buf.size())) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return buf;
}

std::string random_hex(std::size_t bytes) {
  const std::string buf = random_bytes(bytes);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  for (unsigned char c : buf) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0x0f]);
  }
  return out;
}

}  // namespace tg
