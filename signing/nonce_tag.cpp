#include "signing/nonce_tag.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>

namespace tg::signing {
namespace {

// Failing here means OpenSSL itself is unusable; a replay check must never run on a constant tag.
[[noreturn]] void openssl_unusable(const char* what) {
  std::fprintf(stderr, "fatal: OpenSSL %s failed\n", what);
  std::abort();
}

struct MacDeleter {
  void operator()(EVP_MAC* mac) const { EVP_MAC_free(mac); }
};
struct MacCtxDeleter {
  void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
};
using MacHandle = std::unique_ptr<EVP_MAC, MacDeleter>;
using MacCtx = std::unique_ptr<EVP_MAC_CTX, MacCtxDeleter>;

NonceTagger::Key random_key() {
  NonceTagger::Key key{};
  if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) openssl_unusable("RAND_bytes");
  return key;
}

}  // namespace

// A context initialised with the key once; every tag works on a copy of it, so tags may be taken from
// several threads at once.
struct NonceTagger::Mac {
  MacHandle mac;
  MacCtx keyed;
};

NonceTagger::NonceTagger() : NonceTagger(random_key()) {}

NonceTagger::NonceTagger(const Key& key) : mac_(std::make_unique<Mac>()) {
  mac_->mac.reset(EVP_MAC_fetch(nullptr, "SIPHASH", nullptr));
  if (!mac_->mac) openssl_unusable("EVP_MAC_fetch(SIPHASH)");
  mac_->keyed.reset(EVP_MAC_CTX_new(mac_->mac.get()));
  if (!mac_->keyed) openssl_unusable("EVP_MAC_CTX_new");
  size_t size = 8;
  OSSL_PARAM params[] = {OSSL_PARAM_construct_size_t(OSSL_MAC_PARAM_SIZE, &size), OSSL_PARAM_construct_end()};
  if (EVP_MAC_init(mac_->keyed.get(), key.data(), key.size(), params) != 1) openssl_unusable("EVP_MAC_init");
}

NonceTagger::~NonceTagger() = default;

uint64_t NonceTagger::siphash(std::string_view data) const {
  MacCtx ctx(EVP_MAC_CTX_dup(mac_->keyed.get()));
  unsigned char out[8] = {};
  size_t len = 0;
  static const unsigned char kEmpty = 0;
  const auto* bytes = data.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(data.data());
  if (!ctx || EVP_MAC_update(ctx.get(), bytes, data.size()) != 1 ||
      EVP_MAC_final(ctx.get(), out, &len, sizeof out) != 1 || len != sizeof out) {
    openssl_unusable("SipHash");
  }
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | out[i];
  return value;
}

uint64_t NonceTagger::tag(std::string_view nonce) const {
  const uint64_t value = siphash(nonce);
  return value == 0 ? 1 : value;
}

}  // namespace tg::signing
