#pragma once
// Unguessable identifiers from the operating system's CSPRNG (OpenSSL RAND_bytes).

#include <cstddef>
#include <cstdint>
#include <string>

namespace tg {

/// Lowercase hex of `bytes` random bytes (2 * bytes characters).
std::string random_hex(std::size_t bytes);

/// Lowercase hex of `bytes` bytes (at least 6): the first six are `now_ms` (milliseconds since the epoch,
/// big-endian), the others random. Ids made this way sort by creation time, so an index over them takes each
/// new one beside the last instead of on a random page (one written page per batch of submissions rather
/// than one per submission); the `bytes` - 6 random bytes keep them unguessable.
std::string time_ordered_hex(std::size_t bytes, int64_t now_ms);

/// `count` raw random bytes.
std::string random_bytes(std::size_t count);

}  // namespace tg
