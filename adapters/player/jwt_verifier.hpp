#pragma once
// Verification of a compact JWS (header.payload.signature) against configured keys, the algorithm pinned by
// the key and never chosen by the token: HS256 keys verify HS256 tokens only, RS256 keys RS256 tokens only,
// and "none" is never accepted. The token's length is capped before anything of it is decoded.
// The claims are returned for the caller to check (player_token.hpp).

#include <rapidjson/document.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "signing/rsa_public_key.hpp"

namespace tg::adapters::player {

enum class JwtAlg { kHs256, kRs256 };

struct JwtKey {
  std::string kid;
  JwtAlg alg = JwtAlg::kHs256;
  std::string secret;                              // HS256
  std::optional<signing::RsaPublicKey> public_key;  // RS256
};

struct VerifiedJwt {
  std::string kid;            // of the key that verified it
  rapidjson::Document claims;  // the payload, a JSON object whose member names are unique
};

inline constexpr std::size_t kDefaultMaxTokenBytes = 4096;

/// "HS256" or "RS256".
std::string_view jwt_alg_name(JwtAlg alg);

/// The claims of `token` once its signature is verified by the key its `kid` header names (or by the only key
/// when there is one and the token names none). The error says why, for a 403 answer.
tg::Result<VerifiedJwt, std::string> verify_jwt(std::string_view token, const std::vector<JwtKey>& keys,
                                                std::size_t max_token_bytes = kDefaultMaxTokenBytes);

}  // namespace tg::adapters::player
