#include "adapters/zego/zego_settings.hpp"

#include <algorithm>

namespace tg::adapters::zego {

const char* vendor_name(Vendor vendor) {
  return vendor == Vendor::kTencent ? "Tencent" : "Huawei";
}

const char* vendor_key(Vendor vendor) {
  return vendor == Vendor::kTencent ? "tencent" : "huawei";
}

std::optional<Vendor> parse_vendor_name(std::string_view text) {
  if (text == "Tencent") return Vendor::kTencent;
  if (text == "Huawei") return Vendor::kHuawei;
  return std::nullopt;
}

std::optional<Vendor> parse_vendor_key(std::string_view text) {
  if (text == "tencent") return Vendor::kTencent;
  if (text == "huawei") return Vendor::kHuawei;
  return std::nullopt;
}

bool ZegoApp::allows(Vendor vendor) const {
  return std::find(vendors.begin(), vendors.end(), vendor) != vendors.end();
}

const ZegoApp* ZegoSettings::find_app(std::string_view app_id) const {
  for (const ZegoApp& app : apps) {
    if (app.app_id == app_id) return &app;
  }
  return nullptr;
}

std::map<uint32_t, SnapshotTemplate> ZegoSettings::builtin_snapshot_templates() {
  std::map<uint32_t, SnapshotTemplate> out;
  out[10] = SnapshotTemplate{};
  out[20] = SnapshotTemplate{engine::ImageFormat::kJpeg, 500, 281, engine::Fit::kStretch};
  return out;
}

std::map<uint32_t, SampleTemplate> ZegoSettings::builtin_sample_templates() {
  std::map<uint32_t, SampleTemplate> out;
  out[10] = SampleTemplate{};
  return out;
}

const char* image_extension(engine::ImageFormat format) {
  return format == engine::ImageFormat::kPng ? "png" : "jpg";
}

}  // namespace tg::adapters::zego
