#include "signing/zego_signature.hpp"

#include <algorithm>
#include <array>

#include "signing/digest.hpp"

namespace tg::signing {

std::string zego_signature(uint32_t app_id, std::string_view nonce, std::string_view server_secret,
                           int64_t timestamp) {
  return zego_signature(std::to_string(app_id), nonce, server_secret, std::to_string(timestamp));
}

std::string zego_signature(std::string_view app_id, std::string_view nonce,
                           std::string_view server_secret, std::string_view timestamp) {
  std::string text;
  text.reserve(app_id.size() + nonce.size() + server_secret.size() + timestamp.size());
  text.append(app_id).append(nonce).append(server_secret).append(timestamp);
  return md5_hex(text);
}

std::string zego_callback_signature(std::string_view secret, std::string_view timestamp,
                                    std::string_view nonce) {
  std::array<std::string_view, 3> parts{secret, timestamp, nonce};
  std::sort(parts.begin(), parts.end());
  std::string text;
  for (std::string_view part : parts) text.append(part);
  return sha1_hex(text);
}

}  // namespace tg::signing
