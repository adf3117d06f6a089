#pragma once
// An RSA public key from PEM (SubjectPublicKeyInfo, "BEGIN PUBLIC KEY") and RSASSA-PKCS1-v1_5 SHA-256
// verification with it: the RS256 of JSON Web Signatures.

#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

typedef struct evp_pkey_st EVP_PKEY;

namespace tg::signing {

inline constexpr int kMinRsaBits = 2048;

class RsaPublicKey {
 public:
  /// The key of `pem`; an error (for the config reader) unless it is one RSA public key of at least
  /// kMinRsaBits bits.
  static tg::Result<RsaPublicKey, std::string> from_pem(std::string_view pem);

  /// True when `signature` is the RSASSA-PKCS1-v1_5 SHA-256 signature of `data` under this key.
  bool verify_sha256(std::string_view data, std::string_view signature) const;

  int bits() const;

 private:
  explicit RsaPublicKey(std::shared_ptr<EVP_PKEY> key) : key_(std::move(key)) {}
  std::shared_ptr<EVP_PKEY> key_;  // shared: copies of a config share the one immutable key
};

}  // namespace tg::signing
