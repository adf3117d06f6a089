#pragma once
// Hashes, HMACs, hex and base64 over OpenSSL: the building blocks of every vendor signature.

#include <optional>
#include <string>
#include <string_view>

namespace tg::signing {

/// MD5 of `data` as 32 lowercase hex characters.
std::string md5_hex(std::string_view data);

/// SHA-1 of `data` as 40 lowercase hex characters.
std::string sha1_hex(std::string_view data);

/// SHA-256 of `data` as 64 lowercase hex characters.
std::string sha256_hex(std::string_view data);

/// HMAC-SHA1 of `data` under `key`, raw 20 bytes.
std::string hmac_sha1(std::string_view key, std::string_view data);

/// HMAC-SHA256 of `data` under `key`, raw 32 bytes.
std::string hmac_sha256(std::string_view key, std::string_view data);

/// Lowercase hex of raw bytes.
std::string to_hex(std::string_view bytes);

/// Standard base64 (RFC 4648 alphabet, '=' padding) of raw bytes.
std::string base64_encode(std::string_view bytes);

/// Strict standard base64 decode; nullopt on a bad character, bad length or bad padding.
std::optional<std::string> base64_decode(std::string_view text);

/// Base64url (RFC 4648 §5: '-' and '_' for '+' and '/') of raw bytes, without '=' padding.
std::string base64url_encode(std::string_view bytes);

/// Strict unpadded base64url decode; nullopt on a bad character (padding included) or a bad length.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace tg::signing
