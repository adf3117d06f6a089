#include "signing/constant_time.hpp"

#include <openssl/crypto.h>

namespace tg::signing {

bool constant_time_equals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    // Still touch the content so a length mismatch costs about what a content mismatch does.
    volatile int sink = a.empty() ? 0 : CRYPTO_memcmp(a.data(), a.data(), a.size());
    (void)sink;
    return false;
  }
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace tg::signing
