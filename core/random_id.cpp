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

namespace {

std::string hex_of(const std::string& buf) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(buf.size() * 2);
  for (unsigned char c : buf) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0x0f]);
  }
  return out;
}

constexpr std::size_t kTimeBytes = 6;

}  // namespace

std::string random_hex(std::size_t bytes) { return hex_of(random_bytes(bytes)); }

std::string time_ordered_hex(std::size_t bytes, int64_t now_ms) {
  if (bytes < kTimeBytes) throw std::invalid_argument("time_ordered_hex: fewer than 6 bytes");
  std::string buf = random_bytes(bytes);
  // 48 bits of milliseconds last until the year 10889; a time before the epoch counts as 0.
  uint64_t ms = now_ms > 0 ? static_cast<uint64_t>(now_ms) : 0;
  for (std::size_t i = kTimeBytes; i-- > 0;) {
    buf[i] = static_cast<char>(ms & 0xff);
    ms >>= 8;
  }
  return hex_of(buf);
}

}  // namespace tg
