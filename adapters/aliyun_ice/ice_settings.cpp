#include "adapters/aliyun_ice/ice_settings.hpp"

namespace tg::adapters::aliyun_ice {

const IceAccessKey* IceSettings::find_key(std::string_view id) const {
  for (const IceAccessKey& key : access_keys) {
    if (key.id == id) return &key;
  }
  return nullptr;
}

const OssInputBucket* IceSettings::find_input_bucket(std::string_view name) const {
  for (const OssInputBucket& bucket : input_buckets) {
    if (bucket.name == name) return &bucket;
  }
  return nullptr;
}

std::string IceSettings::host_id() const { return "ice." + region + ".aliyuncs.com"; }

std::map<std::string, SnapshotTemplate> IceSettings::builtin_templates() {
  std::map<std::string, SnapshotTemplate> presets;
  SnapshotTemplate normal;  // one keyframe image at the start, the source size
  normal.type = SnapshotType::kNormal;
  normal.exact = false;
  normal.count = 1;
  normal.time_ms = 0;
  presets["thumbgate-normal"] = normal;
  SnapshotTemplate sprite;  // 10 x 10 tiles of 160x90, one every 10 s
  sprite.type = SnapshotType::kSprite;
  sprite.exact = false;
  sprite.interval_s = 10;
  sprite.width = 160;
  sprite.height = 90;
  sprite.sprite.columns = 10;
  sprite.sprite.lines = 10;
  presets["thumbgate-sprite"] = sprite;
  SnapshotTemplate webvtt = sprite;  // the same tiles on sprite pages, indexed by a WebVTT file
  webvtt.type = SnapshotType::kWebVtt;
  webvtt.is_spt_frag = true;
  presets["thumbgate-webvtt"] = webvtt;
  return presets;
}

}  // namespace tg::adapters::aliyun_ice
