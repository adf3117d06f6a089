// The "tencent_vod" config section and "tencent.sprite_templates": JSON -> VodSettings.

#include "adapters/tencent_vod/vod_config.hpp"

#include <cmath>

#include "adapters/common/numbers.hpp"
#include "adapters/common/config_fields.hpp"

namespace tg::adapters::tencent_vod {
namespace {

namespace vod = adapters::tencent_vod;
using namespace config_fields;

constexpr int kMaxPageSide = 8192;
constexpr std::size_t kMaxSecretIdLength = 128;

bool has_space_or_control(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return true;
  }
  return false;
}

tg::Result<Ok, std::string> read_secret(const Value& v, const std::string& path, vod::VodSecret& secret) {
  if (!v.IsObject()) return field_error(path, "must be an object");
  TG_TRY(only_fields(v, path, {"secret_id", "secret_key", "requests_per_minute"}));
  if (!member(v, "secret_id")) return field_error(child(path, "secret_id"), "is required");
  TG_TRY(read_string(v, path, "secret_id", secret.secret_id));
  if (secret.secret_id.size() > kMaxSecretIdLength || has_space_or_control(secret.secret_id)) {
    return field_error(child(path, "secret_id"), "must be at most 128 characters without spaces or control characters");
  }
  if (!member(v, "secret_key")) return field_error(child(path, "secret_key"), "is required");
  TG_TRY(read_string(v, path, "secret_key", secret.secret_key));
  if (secret.secret_key.size() < 16) return field_error(child(path, "secret_key"), "must be at least 16 characters");
  TG_TRY(read_int(v, path, "requests_per_minute", secret.requests_per_minute, 1, 1'000'000));
  return Ok{};
}

tg::Result<Ok, std::string> read_sprite_template(const Value& v, const std::string& path, vod::SpriteTemplate& t) {
  if (!v.IsObject()) return field_error(path, "must be an object");
  TG_TRY(only_fields(v, path, {"cell_width", "cell_height", "columns", "rows", "interval_s", "fill", "format"}));
  TG_TRY(read_int(v, path, "cell_width", t.cell_width, 1, kMaxPageSide));
  TG_TRY(read_int(v, path, "cell_height", t.cell_height, 1, kMaxPageSide));
  TG_TRY(read_int(v, path, "columns", t.columns, 1, 100));
  TG_TRY(read_int(v, path, "rows", t.rows, 1, 100));
  if (static_cast<int64_t>(t.cell_width) * t.columns > kMaxPageSide) {
    return field_error(child(path, "columns"), "columns x cell_width must be at most " + std::to_string(kMaxPageSide));
  }
  if (static_cast<int64_t>(t.cell_height) * t.rows > kMaxPageSide) {
    return field_error(child(path, "rows"), "rows x cell_height must be at most " + std::to_string(kMaxPageSide));
  }
  if (const Value* interval = member(v, "interval_s")) {
    if (!interval->IsNumber() || !std::isfinite(interval->GetDouble()) || interval->GetDouble() < 0.1 ||
        interval->GetDouble() > 86400) {
      return field_error(child(path, "interval_s"), "must be a number of seconds from 0.1 to 86400");
    }
    t.interval_s = interval->GetDouble();
  }
  if (const Value* fill = member(v, "fill")) {
    auto color = fill->IsString() ? parse_fill_color(std::string_view(fill->GetString(), fill->GetStringLength()))
                                  : std::nullopt;
    if (!color) return field_error(child(path, "fill"), "must be \"black\" or a color \"#RRGGBB\"");
    t.color = *color;
  }
  TG_TRY(read_format(v, path, t.format));
  return Ok{};
}

}  // namespace

std::optional<uint32_t> parse_fill_color(std::string_view text) {
  if (text == "black") return 0x000000u;
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

tg::Result<Ok, std::string> read_tencent_vod_section(const Value& v, const std::string& path,
                                                     vod::VodSettings& settings) {
  if (!v.IsObject()) return field_error(path, "must be an object");
  TG_TRY(only_fields(v, path, {"secrets", "event_url", "host"}));
  if (const Value* secrets = member(v, "secrets")) {
    const std::string spath = child(path, "secrets");
    if (!secrets->IsArray()) return field_error(spath, "must be an array");
    for (rapidjson::SizeType i = 0; i < secrets->Size(); ++i) {
      const std::string ipath = spath + "[" + std::to_string(i) + "]";
      vod::VodSecret secret;
      TG_TRY(read_secret((*secrets)[i], ipath, secret));
      if (settings.find_secret(secret.secret_id)) {
        return field_error(ipath + ".secret_id", "SecretId " + secret.secret_id + " is configured twice");
      }
      settings.secrets.push_back(std::move(secret));
    }
  }
  TG_TRY(read_string(v, path, "event_url", settings.event_url, true));
  if (!settings.event_url.empty() &&
      (!starts_with_http(settings.event_url) || has_space_or_control(settings.event_url))) {
    return field_error(child(path, "event_url"), "must be an http:// or https:// URL");
  }
  TG_TRY(read_string(v, path, "host", settings.host, true));
  if (has_space_or_control(settings.host) || settings.host.find('/') != std::string::npos) {
    return field_error(child(path, "host"), "must be a host name with an optional :port (no scheme, no path)");
  }
  return Ok{};
}

tg::Result<Ok, std::string> read_sprite_templates(const Value& tencent, const std::string& path,
                                                  vod::VodSettings& settings) {
  if (!tencent.IsObject()) return Ok{};  // the "tencent" reader reports that
  return read_template_map(tencent, path, "sprite_templates", settings.sprite_templates, read_sprite_template);
}


}  // namespace tg::adapters::tencent_vod
