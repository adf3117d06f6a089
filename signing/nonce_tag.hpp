#pragma once
// Compact, keyed fingerprints of nonces: SipHash-2-4 (64-bit, OpenSSL) under a key drawn at random per
// process, so a replay cache can keep 8 bytes per nonce and no outsider can choose nonces that collide.

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>

namespace tg::signing {

class NonceTagger {
 public:
  using Key = std::array<uint8_t, 16>;

  /// A tagger under a fresh random key.
  NonceTagger();
  /// A tagger under `key` (known-answer tests).
  explicit NonceTagger(const Key& key);
  ~NonceTagger();
  NonceTagger(const NonceTagger&) = delete;
  NonceTagger& operator=(const NonceTagger&) = delete;

  /// SipHash-2-4 of `data` as a little-endian 64-bit number.
  uint64_t siphash(std::string_view data) const;

  /// The nonce's tag: siphash(nonce), with 0 (the empty-slot marker of the cache) mapped to 1.
  uint64_t tag(std::string_view nonce) const;

 private:
  struct Mac;
  std::unique_ptr<Mac> mac_;
};

}  // namespace tg::signing
