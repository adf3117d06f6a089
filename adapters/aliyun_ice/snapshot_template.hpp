#pragma once
// An ICE snapshot template: the fields of a configured template and of TemplateConfig.OverwriteParams
// (same names, same JSON), each optional so that the request's values replace the template's one by one.

#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"

namespace tg::adapters::aliyun_ice {

enum class SnapshotType { kNormal, kSprite, kWebVtt };

/// "Normal", "Sprite", "WebVtt".
const char* snapshot_type_name(SnapshotType type);

struct SpriteSnapshotConfig {
  std::optional<int> cell_width;
  std::optional<int> cell_height;
  std::optional<int> padding;
  std::optional<int> margin;
  std::optional<uint32_t> color;  // 0xRRGGBB
  std::optional<int> columns;
  std::optional<int> lines;
};

struct SnapshotTemplate {
  std::optional<SnapshotType> type;
  std::optional<bool> exact;  // FrameType: "normal" (true) or "intra" (false)
  std::optional<int> count;
  std::optional<int> interval_s;
  std::optional<int64_t> time_ms;
  std::optional<int> width;
  std::optional<int> height;
  std::optional<int> black_level;            // 0..100: a frame with more black pixels than this share is skipped
  std::optional<int> pixel_black_threshold;  // 0..255: luma below it counts as black
  std::optional<bool> is_spt_frag;
  SpriteSnapshotConfig sprite;

  /// This template with every field `over` sets replaced by its value.
  SnapshotTemplate overridden_by(const SnapshotTemplate& over) const;
};

/// Bounds on what a template may ask for.
inline constexpr int kMaxCount = 10000;
inline constexpr int kMaxSide = 8192;
inline constexpr int kMaxGrid = 100;
inline constexpr int kMaxIntervalS = 86400;
inline constexpr int64_t kMaxTimeMs = int64_t{1} << 40;

/// Reads a template object (the JSON of a configured template or of OverwriteParams). Unknown fields,
/// wrong types and out-of-range values are errors naming the field (its path under `path`).
tg::Result<SnapshotTemplate, std::string> read_snapshot_template(const rapidjson::Value& value,
                                                                 const std::string& path);

/// "#RRGGBB" (either case) as 0xRRGGBB.
std::optional<uint32_t> parse_hex_color(std::string_view text);

}  // namespace tg::adapters::aliyun_ice
