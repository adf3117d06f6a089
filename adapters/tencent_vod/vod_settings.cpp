#include "adapters/tencent_vod/vod_settings.hpp"

namespace tg::adapters::tencent_vod {

const VodSecret* VodSettings::find_secret(std::string_view secret_id) const {
  for (const VodSecret& secret : secrets) {
    if (secret.secret_id == secret_id) return &secret;
  }
  return nullptr;
}

std::map<uint32_t, SpriteTemplate> VodSettings::builtin_sprite_templates() {
  std::map<uint32_t, SpriteTemplate> out;
  out[10] = SpriteTemplate{};
  return out;
}

}  // namespace tg::adapters::tencent_vod
