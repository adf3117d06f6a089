#include "signing/rsa_public_key.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

namespace tg::signing {
namespace {

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

}  // namespace

tg::Result<RsaPublicKey, std::string> RsaPublicKey::from_pem(std::string_view pem) {
  if (pem.empty() || pem.size() > 64 * 1024) return tg::unexpected(std::string("must be a PEM public key"));
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return tg::unexpected(std::string("could not be read"));
  std::shared_ptr<EVP_PKEY> key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
  ERR_clear_error();
  if (!key) return tg::unexpected(std::string("must be a PEM public key (-----BEGIN PUBLIC KEY-----)"));
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) return tg::unexpected(std::string("must be an RSA key"));
  if (EVP_PKEY_get_bits(key.get()) < kMinRsaBits) {
    return tg::unexpected("must be an RSA key of at least " + std::to_string(kMinRsaBits) + " bits");
  }
  return RsaPublicKey(std::move(key));
}

bool RsaPublicKey::verify_sha256(std::string_view data, std::string_view signature) const {
  if (!key_) return false;
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  // EVP_DigestVerify wants non-null pointers even for empty input.
  static const unsigned char kEmpty = 0;
  const auto* sig = signature.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(signature.data());
  const auto* tbs = data.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(data.data());
  const bool ok = ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) == 1 &&
                  EVP_DigestVerify(ctx.get(), sig, signature.size(), tbs, data.size()) == 1;
  ERR_clear_error();  // a refused signature leaves reasons in the thread's queue
  return ok;
}

int RsaPublicKey::bits() const { return key_ ? EVP_PKEY_get_bits(key_.get()) : 0; }

}  // namespace tg::signing
