#pragma once
// Readers of the config file's "tencent_vod" section (VOD v2 API keys, event URL, signing host) and of
// "tencent.sprite_templates" (the CreateImageSprite definitions), naming the path of any bad field.

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/tencent_vod/vod_settings.hpp"
#include "core/result.hpp"

namespace tg::adapters::tencent_vod {

/// Reads `value` (at `path`, normally "tencent_vod") into `settings`; unset fields keep their defaults.
tg::Result<Ok, std::string> read_tencent_vod_section(const rapidjson::Value& value, const std::string& path,
                                                     adapters::tencent_vod::VodSettings& settings);

/// Reads the "sprite_templates" member of the "tencent" object `tencent` (at `path`), if present, adding
/// to (or replacing) the built-in templates.
tg::Result<Ok, std::string> read_sprite_templates(const rapidjson::Value& tencent, const std::string& path,
                                                  adapters::tencent_vod::VodSettings& settings);

/// "#RRGGBB" (hex digits, either case) or "black" -> 0xRRGGBB.
std::optional<uint32_t> parse_fill_color(std::string_view text);

}  // namespace tg::adapters::tencent_vod
