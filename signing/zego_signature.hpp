#pragma once
// ZEGO server API Signature 2.0 and the ZEGO callback signature.

#include <cstdint>
#include <string>
#include <string_view>

namespace tg::signing {

/// Signature 2.0: md5 lowercase hex of AppId + SignatureNonce + ServerSecret + Timestamp (decimal).
std::string zego_signature(uint32_t app_id, std::string_view nonce, std::string_view server_secret,
                           int64_t timestamp);

/// Signature 2.0 over the AppId and Timestamp exactly as they appeared in the request text.
std::string zego_signature(std::string_view app_id, std::string_view nonce,
                           std::string_view server_secret, std::string_view timestamp);

/// Callback signature: sha1 lowercase hex of [secret, timestamp, nonce] sorted bytewise and joined.
std::string zego_callback_signature(std::string_view secret, std::string_view timestamp,
                                    std::string_view nonce);

}  // namespace tg::signing
