#pragma once
// What the ZEGO adapter needs to know about its apps, screenshot templates and defaults. Filled from the
// config file by the gateway; the adapter only reads it.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.hpp"

namespace tg::adapters::zego {

/// The CDN flavour a request speaks: decides the parameters, the response shape and the callback.
enum class Vendor { kTencent, kHuawei };

/// "Tencent" or "Huawei" (the spelling of the Vendor query parameter).
const char* vendor_name(Vendor vendor);
/// "tencent" or "huawei" (the TaskSpec::vendor value).
const char* vendor_key(Vendor vendor);
/// Exact match of "Tencent" / "Huawei".
std::optional<Vendor> parse_vendor_name(std::string_view text);
/// Exact match of "tencent" / "huawei".
std::optional<Vendor> parse_vendor_key(std::string_view text);

struct ZegoApp {
  std::string app_id;         // decimal digits, a Uint32
  std::string server_secret;  // signs requests (Signature 2.0)
  bool enabled = true;        // thumbnails switched on for this AppId
  std::vector<Vendor> vendors{Vendor::kTencent, Vendor::kHuawei};
  std::string callback_url;     // empty = no snapshot callback
  std::string callback_secret;  // signs callbacks
  int requests_per_second = 20;

  bool allows(Vendor vendor) const;
};

/// A Tencent time-point screenshot template (the Definition of SnapshotByTimeOffset).
struct SnapshotTemplate {
  engine::ImageFormat format = engine::ImageFormat::kJpeg;
  int width = 0;   // 0 = from the source
  int height = 0;  // 0 = from the source
  engine::Fit fit = engine::Fit::kStretch;
};

/// A Tencent sampled screenshot template (the Definition of SampleSnapshot).
struct SampleTemplate {
  bool percent = true;   // sample_type "Percent" (interval is a share of the duration) or "Time" (seconds)
  double interval = 10;
  engine::ImageFormat format = engine::ImageFormat::kJpeg;
  int width = 0;
  int height = 0;
};

/// How Huawei-flavoured screenshots are encoded (Huawei requests carry no template).
struct HuaweiDefaults {
  engine::ImageFormat format = engine::ImageFormat::kJpeg;
  int max_length = 480;  // longer side at most this many pixels; 0 = source size
};

struct ZegoSettings {
  std::vector<ZegoApp> apps;
  std::map<uint32_t, SnapshotTemplate> snapshot_templates = builtin_snapshot_templates();
  std::map<uint32_t, SampleTemplate> sample_templates = builtin_sample_templates();
  HuaweiDefaults huawei;
  std::string public_base_url;  // image URLs start with it; no trailing slash
  int64_t timestamp_window_s = 600;
  std::size_t max_offsets = 100;

  /// The app with this AppId text, or nullptr.
  const ZegoApp* find_app(std::string_view app_id) const;

  /// Tencent's time-point templates 10 (source size JPG) and 20 (500x281, stretched).
  static std::map<uint32_t, SnapshotTemplate> builtin_snapshot_templates();
  /// Tencent's sampled template 10 (every 10 % of the duration, source size JPG).
  static std::map<uint32_t, SampleTemplate> builtin_sample_templates();
};

/// "jpg" or "png".
const char* image_extension(engine::ImageFormat format);

}  // namespace tg::adapters::zego
