#pragma once
// Unguessable identifiers from the operating system's CSPRNG (OpenSSL RAND_bytes).

#include <cstddef>
#include <string>

namespace tg {

/// Lowercase hex of `bytes` random bytes (2 * bytes characters).
std::string random_hex(std::size_t bytes);

/// `count` raw random bytes.
std::string random_bytes(std::size_t count);

}  // namespace tg
