#pragma once
// Tokens for the player tests, made with OpenSSL directly (not with the code under test): an RSA key pair,
// RS256 and HS256 signatures and base64url, so that a verifier bug cannot hide behind a matching maker bug.

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tg::testing::jwt {

inline std::string b64url(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

struct RsaPair {
  std::shared_ptr<EVP_PKEY> key;
  std::string public_pem;
  std::string private_pem;
};

inline std::string pem_of(EVP_PKEY* key, bool private_key) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  const int ok = private_key ? PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)
                             : PEM_write_bio_PUBKEY(bio.get(), key);
  if (ok != 1) throw std::runtime_error("PEM_write failed");
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

inline RsaPair rsa_pair(unsigned bits = 2048) {
  EVP_PKEY* raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits));
  if (!raw) throw std::runtime_error("RSA keygen failed");
  RsaPair pair{std::shared_ptr<EVP_PKEY>(raw, EVP_PKEY_free), "", ""};
  pair.public_pem = pem_of(raw, false);
  pair.private_pem = pem_of(raw, true);
  return pair;
}

inline std::string rs256(EVP_PKEY* key, std::string_view input) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  size_t len = 0;
  if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
    throw std::runtime_error("EVP_DigestSign failed");
  }
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
    throw std::runtime_error("EVP_DigestSign failed");
  }
  sig.resize(len);
  return sig;
}

inline std::string hs256(std::string_view secret, std::string_view input) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

/// header.payload (base64url of the JSON texts as given) and the signing input's signature appended.
inline std::string hs256_token(std::string_view header_json, std::string_view payload_json, std::string_view secret) {
  const std::string input = b64url(header_json) + "." + b64url(payload_json);
  return input + "." + b64url(hs256(secret, input));
}

inline std::string rs256_token(std::string_view header_json, std::string_view payload_json, EVP_PKEY* key) {
  const std::string input = b64url(header_json) + "." + b64url(payload_json);
  return input + "." + b64url(rs256(key, input));
}

}  // namespace tg::testing::jwt
