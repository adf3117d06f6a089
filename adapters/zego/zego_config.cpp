// The ZEGO front door's config: "apps", the templates of "tencent" and "huawei": JSON -> ZegoSettings.

#include "adapters/zego/zego_config.hpp"

#include <cmath>

#include "adapters/common/config_fields.hpp"
#include "adapters/common/numbers.hpp"

namespace tg::adapters::zego {
namespace {

using namespace config_fields;

constexpr int kMaxImageSide = 8192;

tg::Result<Ok, std::string> read_app(const Value& v, const std::string& path, ZegoApp& app) {
  if (!v.IsObject()) return field_error(path, "must be an object");
  TG_TRY(only_fields(v, path, {"app_id", "server_secret", "enabled", "vendors", "callback_url", "callback_secret",
                               "requests_per_second"}));
  if (!member(v, "app_id")) return field_error(child(path, "app_id"), "is required");
  // ZEGO consoles show AppIds as numbers: a JSON integer is taken as well as a string of digits.
  const Value& id = *member(v, "app_id");
  if (id.IsUint64()) {
    app.app_id = std::to_string(id.GetUint64());
  } else if (id.IsNumber()) {
    app.app_id.clear();  // negative or fractional: refused below
  } else {
    TG_TRY(read_string(v, path, "app_id", app.app_id));
  }
  auto number = parse_uint32(app.app_id);
  if (!number || *number == 0) {
    return field_error(child(path, "app_id"), "must be a string of decimal digits or an integer, a Uint32 from 1");
  }
  if (!member(v, "server_secret")) return field_error(child(path, "server_secret"), "is required");
  TG_TRY(read_string(v, path, "server_secret", app.server_secret));
  if (app.server_secret.size() < 32) return field_error(child(path, "server_secret"), "must be at least 32 characters");
  TG_TRY(read_bool(v, path, "enabled", app.enabled));
  if (const Value* vendors = member(v, "vendors")) {
    const std::string vpath = child(path, "vendors");
    if (!vendors->IsArray() || vendors->Empty()) {
      return field_error(vpath, "must be a non-empty array of \"Tencent\" and/or \"Huawei\"");
    }
    app.vendors.clear();
    for (rapidjson::SizeType i = 0; i < vendors->Size(); ++i) {
      const Value& item = (*vendors)[i];
      const std::string ipath = vpath + "[" + std::to_string(i) + "]";
      auto vendor = item.IsString() ? parse_vendor_name(item.GetString()) : std::nullopt;
      if (!vendor) return field_error(ipath, "must be \"Tencent\" or \"Huawei\"");
      if (app.allows(*vendor)) return field_error(ipath, "is listed twice");
      app.vendors.push_back(*vendor);
    }
  }
  TG_TRY(read_string(v, path, "callback_url", app.callback_url, true));
  if (!app.callback_url.empty() && (!starts_with_http(app.callback_url) || has_control_chars(app.callback_url))) {
    return field_error(child(path, "callback_url"), "must be an http:// or https:// URL");
  }
  TG_TRY(read_string(v, path, "callback_secret", app.callback_secret, true));
  if (!app.callback_url.empty() && app.callback_secret.empty()) {
    return field_error(child(path, "callback_secret"), "is required when callback_url is set");
  }
  TG_TRY(read_int(v, path, "requests_per_second", app.requests_per_second, 1, 10000));
  return Ok{};
}

tg::Result<Ok, std::string> read_snapshot_template(const Value& v, const std::string& path,
                                                   SnapshotTemplate& t) {
  if (!v.IsObject()) return field_error(path, "must be an object");
  TG_TRY(only_fields(v, path, {"format", "width", "height", "fill"}));
  TG_TRY(read_format(v, path, t.format));
  TG_TRY(read_int(v, path, "width", t.width, 0, kMaxImageSide));
  TG_TRY(read_int(v, path, "height", t.height, 0, kMaxImageSide));
  if (const Value* fill = member(v, "fill")) {
    if (fill->IsString() && std::string_view(fill->GetString()) == "stretch") {
      t.fit = engine::Fit::kStretch;
    } else if (fill->IsString() && std::string_view(fill->GetString()) == "pad") {
      t.fit = engine::Fit::kPad;
    } else {
      return field_error(child(path, "fill"), "must be \"stretch\" or \"pad\"");
    }
  }
  return Ok{};
}

tg::Result<Ok, std::string> read_sample_template(const Value& v, const std::string& path, SampleTemplate& t) {
  if (!v.IsObject()) return field_error(path, "must be an object");
  TG_TRY(only_fields(v, path, {"sample_type", "interval", "format", "width", "height"}));
  if (const Value* type = member(v, "sample_type")) {
    if (type->IsString() && std::string_view(type->GetString()) == "Percent") {
      t.percent = true;
    } else if (type->IsString() && std::string_view(type->GetString()) == "Time") {
      t.percent = false;
    } else {
      return field_error(child(path, "sample_type"), "must be \"Percent\" or \"Time\"");
    }
  }
  const Value* interval = member(v, "interval");
  if (!interval) return field_error(child(path, "interval"), "is required");
  const double max = t.percent ? 100.0 : 86400.0;
  const std::string ipath = child(path, "interval");
  if (!interval->IsNumber() || !std::isfinite(interval->GetDouble()) || interval->GetDouble() <= 0 ||
      interval->GetDouble() > max) {
    return field_error(ipath, t.percent ? "must be a number of percent, above 0 and at most 100"
                                        : "must be a number of seconds, above 0 and at most 86400");
  }
  if (!t.percent && interval->GetDouble() < 0.1) return field_error(ipath, "must be at least 0.1 seconds");
  t.interval = interval->GetDouble();
  TG_TRY(read_format(v, path, t.format));
  TG_TRY(read_int(v, path, "width", t.width, 0, kMaxImageSide));
  TG_TRY(read_int(v, path, "height", t.height, 0, kMaxImageSide));
  return Ok{};
}

tg::Result<Ok, std::string> read_tencent(const Value& v, const std::string& path, ZegoSettings& zs) {
  if (!v.IsObject()) return field_error(path, "must be an object");
  TG_TRY(only_fields(v, path, {"snapshot_templates", "sample_templates", "sprite_templates"}));
  TG_TRY(read_template_map(v, path, "snapshot_templates", zs.snapshot_templates, read_snapshot_template));
  TG_TRY(read_template_map(v, path, "sample_templates", zs.sample_templates, read_sample_template));
  return Ok{};
}

}  // namespace

tg::Result<Ok, std::string> read_tencent_templates(const rapidjson::Value& tencent, const std::string& path,
                                                   ZegoSettings& settings) {
  return read_tencent(tencent, path, settings);
}

tg::Result<ZegoSettings, std::string> read_zego_config(const rapidjson::Value& root, const AddressPolicy& policy) {
  ZegoSettings settings;
  if (const Value* apps = member(root, "apps")) {
    if (!apps->IsArray()) return field_error("apps", "must be an array");
    for (rapidjson::SizeType i = 0; i < apps->Size(); ++i) {
      const std::string path = "apps[" + std::to_string(i) + "]";
      ZegoApp app;
      TG_TRY(read_app((*apps)[i], path, app));
      if (settings.find_app(app.app_id)) {
        return field_error(path + ".app_id", "AppId " + app.app_id + " is configured twice");
      }
      settings.apps.push_back(std::move(app));
    }
  }
  if (const Value* tencent = member(root, "tencent")) TG_TRY(read_tencent(*tencent, "tencent", settings));
  if (const Value* huawei = member(root, "huawei")) {
    if (!huawei->IsObject()) return field_error("huawei", "must be an object");
    TG_TRY(only_fields(*huawei, "huawei", {"format", "max_length"}));
    TG_TRY(read_format(*huawei, "huawei", settings.huawei.format));
    TG_TRY(read_int(*huawei, "huawei", "max_length", settings.huawei.max_length, 0, kMaxImageSide));
  }
  // The gateway will connect there: lowercase http(s), a host, no literal address the policy refuses.
  for (std::size_t i = 0; i < settings.apps.size(); ++i) {
    const std::string& url = settings.apps[i].callback_url;
    if (url.empty()) continue;
    if (auto allowed = check_outbound_url(url, policy); !allowed) {
      return field_error("apps[" + std::to_string(i) + "].callback_url", allowed.error());
    }
  }
  return settings;
}

}  // namespace tg::adapters::zego
