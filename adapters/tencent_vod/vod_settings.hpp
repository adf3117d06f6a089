#pragma once
// What the Tencent VOD v2 adapter needs to know: the API keys, the event URL, the image-sprite and
// time-point screenshot templates. Filled from the config file by the gateway; the adapter only reads it.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/zego/zego_settings.hpp"
#include "engine/engine.hpp"

namespace tg::adapters::tencent_vod {

/// One API key pair (SecretId + SecretKey) and its call quota.
struct VodSecret {
  std::string secret_id;
  std::string secret_key;
  int requests_per_minute = 100;
};

/// An image-sprite template (the `definition` of CreateImageSprite).
struct SpriteTemplate {
  int cell_width = 142;
  int cell_height = 80;
  int columns = 10;
  int rows = 10;
  double interval_s = 10;     // one cell every this many seconds
  uint32_t color = 0x000000;  // RGB of the unused cells
  engine::ImageFormat format = engine::ImageFormat::kJpeg;
};

/// The time-point templates are the same ones the ZEGO front door's Tencent flavour uses.
using SnapshotTemplate = zego::SnapshotTemplate;

struct VodSettings {
  std::vector<VodSecret> secrets;
  std::string event_url;  // empty = no event notifications
  std::string host;       // empty = sign with the request's Host header; else this host
  std::map<uint32_t, SpriteTemplate> sprite_templates = builtin_sprite_templates();
  std::map<uint32_t, SnapshotTemplate> snapshot_templates = zego::ZegoSettings::builtin_snapshot_templates();
  std::string public_base_url;        // output URLs start with it; no trailing slash
  int64_t timestamp_window_s = 7200;  // v2: Timestamp at most 2 hours from the server time
  std::size_t max_offsets = 100;      // timeOffset.N values per request

  /// The key with this SecretId, or nullptr.
  const VodSecret* find_secret(std::string_view secret_id) const;

  /// The v2 image-sprite template 10: 142x80 cells, 10 columns x 10 rows, every 10 s, black fill, JPG.
  static std::map<uint32_t, SpriteTemplate> builtin_sprite_templates();
};

}  // namespace tg::adapters::tencent_vod
