#include "adapters/aliyun_ice/snapshot_template.hpp"

#include <set>
#include <string_view>

#include "adapters/common/numbers.hpp"

namespace tg::adapters::aliyun_ice {
namespace {

using Value = rapidjson::Value;
using Error = tg::Unexpected<std::string>;

Error field_error(const std::string& path, const std::string& what) { return tg::unexpected(path + ": " + what); }

std::string child(const std::string& path, std::string_view name) {
  return path.empty() ? std::string(name) : path + "." + std::string(name);
}

// An integer from a JSON number or a string of decimal digits (clients send either), within [min, max].
tg::Result<std::optional<int64_t>, std::string> read_integer(const Value& object, const std::string& path,
                                                             const char* name, int64_t min, int64_t max) {
  auto it = object.FindMember(name);
  if (it == object.MemberEnd() || it->value.IsNull()) return std::optional<int64_t>();
  const Value& v = it->value;
  std::optional<int64_t> number;
  if (v.IsInt64()) {
    number = v.GetInt64();
  } else if (v.IsString()) {
    number = parse_int64(std::string_view(v.GetString(), v.GetStringLength()));
  }
  if (!number || *number < min || *number > max) {
    return field_error(child(path, name), "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return number;
}

template <class Int>
tg::Result<Ok, std::string> read_into(const Value& object, const std::string& path, const char* name,
                                      std::optional<Int>& out, int64_t min, int64_t max) {
  TG_TRY_ASSIGN(auto number, read_integer(object, path, name, min, max));
  if (number) out = static_cast<Int>(*number);
  return Ok{};
}

tg::Result<Ok, std::string> read_boolean(const Value& object, const std::string& path, const char* name,
                                         std::optional<bool>& out) {
  auto it = object.FindMember(name);
  if (it == object.MemberEnd() || it->value.IsNull()) return Ok{};
  const Value& v = it->value;
  if (v.IsBool()) {
    out = v.GetBool();
  } else if (v.IsString() && std::string_view(v.GetString()) == "true") {
    out = true;
  } else if (v.IsString() && std::string_view(v.GetString()) == "false") {
    out = false;
  } else {
    return field_error(child(path, name), "must be true or false");
  }
  return Ok{};
}

tg::Result<Ok, std::string> only_fields(const Value& object, const std::string& path,
                                        std::initializer_list<std::string_view> allowed) {
  std::set<std::string_view> seen;
  for (auto it = object.MemberBegin(); it != object.MemberEnd(); ++it) {
    std::string_view name(it->name.GetString(), it->name.GetStringLength());
    bool known = false;
    for (std::string_view a : allowed) known = known || a == name;
    if (!known) return field_error(child(path, name), "is not a snapshot template field");
    if (!seen.insert(name).second) return field_error(child(path, name), "appears twice");
  }
  return Ok{};
}

const std::string* string_member(const Value& object, const char* name, std::string& holder) {
  auto it = object.FindMember(name);
  if (it == object.MemberEnd() || !it->value.IsString()) return nullptr;
  holder.assign(it->value.GetString(), it->value.GetStringLength());
  return &holder;
}

tg::Result<Ok, std::string> read_sprite(const Value& v, const std::string& path, SpriteSnapshotConfig& out) {
  if (!v.IsObject()) return field_error(path, "must be an object");
  TG_TRY(only_fields(v, path, {"CellWidth", "CellHeight", "Padding", "Margin", "Color", "Columns", "Lines"}));
  TG_TRY(read_into(v, path, "CellWidth", out.cell_width, 1, kMaxSide));
  TG_TRY(read_into(v, path, "CellHeight", out.cell_height, 1, kMaxSide));
  TG_TRY(read_into(v, path, "Padding", out.padding, 0, kMaxSide));
  TG_TRY(read_into(v, path, "Margin", out.margin, 0, kMaxSide));
  TG_TRY(read_into(v, path, "Columns", out.columns, 1, kMaxGrid));
  TG_TRY(read_into(v, path, "Lines", out.lines, 1, kMaxGrid));
  if (auto it = v.FindMember("Color"); it != v.MemberEnd() && !it->value.IsNull()) {
    std::optional<uint32_t> color;
    if (it->value.IsString()) {
      std::string_view text(it->value.GetString(), it->value.GetStringLength());
      color = text == "black" ? std::optional<uint32_t>(0) : text == "white" ? 0xFFFFFFu : parse_hex_color(text);
    }
    if (!color) return field_error(child(path, "Color"), "must be a color \"#RRGGBB\"");
    out.color = color;
  }
  return Ok{};
}

}  // namespace

const char* snapshot_type_name(SnapshotType type) {
  switch (type) {
    case SnapshotType::kNormal: return "Normal";
    case SnapshotType::kSprite: return "Sprite";
    case SnapshotType::kWebVtt: return "WebVtt";
  }
  return "Normal";
}

std::optional<uint32_t> parse_hex_color(std::string_view text) {
  if (text.size() != 7 || text[0] != '#') return std::nullopt;
  uint32_t value = 0;
  for (char c : text.substr(1)) {
    int digit = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
    if (digit < 0) return std::nullopt;
    value = value * 16 + static_cast<uint32_t>(digit);
  }
  return value;
}

SnapshotTemplate SnapshotTemplate::overridden_by(const SnapshotTemplate& over) const {
  SnapshotTemplate out = *this;
  auto take = [](auto& mine, const auto& theirs) {
    if (theirs) mine = theirs;
  };
  take(out.type, over.type);
  take(out.exact, over.exact);
  take(out.count, over.count);
  take(out.interval_s, over.interval_s);
  take(out.time_ms, over.time_ms);
  take(out.width, over.width);
  take(out.height, over.height);
  take(out.black_level, over.black_level);
  take(out.pixel_black_threshold, over.pixel_black_threshold);
  take(out.is_spt_frag, over.is_spt_frag);
  take(out.sprite.cell_width, over.sprite.cell_width);
  take(out.sprite.cell_height, over.sprite.cell_height);
  take(out.sprite.padding, over.sprite.padding);
  take(out.sprite.margin, over.sprite.margin);
  take(out.sprite.color, over.sprite.color);
  take(out.sprite.columns, over.sprite.columns);
  take(out.sprite.lines, over.sprite.lines);
  return out;
}

tg::Result<SnapshotTemplate, std::string> read_snapshot_template(const Value& v, const std::string& path) {
  if (!v.IsObject()) return field_error(path, "must be an object");
  TG_TRY(only_fields(v, path,
                     {"Type", "FrameType", "Count", "Interval", "Time", "Width", "Height", "BlackLevel",
                      "PixelBlackThreshold", "IsSptFrag", "SpriteSnapshotConfig", "Format"}));
  SnapshotTemplate t;
  std::string text;
  if (v.HasMember("Type") && !v["Type"].IsNull()) {
    const std::string* type = string_member(v, "Type", text);
    if (type && *type == "Normal") {
      t.type = SnapshotType::kNormal;
    } else if (type && *type == "Sprite") {
      t.type = SnapshotType::kSprite;
    } else if (type && (*type == "WebVtt" || *type == "WebVTT")) {
      t.type = SnapshotType::kWebVtt;
    } else {
      return field_error(child(path, "Type"), "must be \"Normal\", \"Sprite\" or \"WebVtt\"");
    }
  }
  if (v.HasMember("FrameType") && !v["FrameType"].IsNull()) {
    const std::string* frame = string_member(v, "FrameType", text);
    if (frame && *frame == "normal") {
      t.exact = true;
    } else if (frame && *frame == "intra") {
      t.exact = false;
    } else {
      return field_error(child(path, "FrameType"), "must be \"normal\" or \"intra\"");
    }
  }
  if (v.HasMember("Format") && !v["Format"].IsNull()) {
    const std::string* format = string_member(v, "Format", text);
    if (!format || (*format != "jpg" && *format != "jpeg")) return field_error(child(path, "Format"), "must be \"jpg\"");
  }
  TG_TRY(read_into(v, path, "Count", t.count, 1, kMaxCount));
  TG_TRY(read_into(v, path, "Interval", t.interval_s, 0, kMaxIntervalS));
  TG_TRY(read_into(v, path, "Time", t.time_ms, 0, kMaxTimeMs));
  TG_TRY(read_into(v, path, "Width", t.width, 0, kMaxSide));
  TG_TRY(read_into(v, path, "Height", t.height, 0, kMaxSide));
  TG_TRY(read_into(v, path, "BlackLevel", t.black_level, 0, 100));
  TG_TRY(read_into(v, path, "PixelBlackThreshold", t.pixel_black_threshold, 0, 255));
  TG_TRY(read_boolean(v, path, "IsSptFrag", t.is_spt_frag));
  if (auto it = v.FindMember("SpriteSnapshotConfig"); it != v.MemberEnd() && !it->value.IsNull()) {
    TG_TRY(read_sprite(it->value, child(path, "SpriteSnapshotConfig"), t.sprite));
  }
  return t;
}

}  // namespace tg::adapters::aliyun_ice
