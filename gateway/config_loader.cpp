// parse_config: config JSON -> Config, refusing unknown fields and naming the path of any bad value.

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <string>

#include "adapters/zego/zego_numbers.hpp"
#include "gateway/config.hpp"
#include "gateway/config_cos.hpp"
#include "gateway/config_fields.hpp"
#include "gateway/config_resources.hpp"
#include "gateway/config_tencent_vod.hpp"
#include "gateway/listen_address.hpp"

namespace tg::gateway {
namespace {

namespace zego = adapters::zego;
using namespace config_fields;


constexpr int kMaxImageSide = 8192;

tg::Result<Ok, std::string> read_app(const Value& v, const std::string& path, zego::ZegoApp& app) {
  if (!v.IsObject()) return field_error(path, "must be an object");
  TG_TRY(only_fields(v, path, {"app_id", "server_secret", "enabled", "vendors", "callback_url", "callback_secret",
                               "requests_per_second"}));
  if (!member(v, "app_id")) return field_error(child(path, "app_id"), "is required");
  TG_TRY(read_string(v, path, "app_id", app.app_id));
  auto number = zego::parse_uint32(app.app_id);
  if (!number || *number == 0) {
    return field_error(child(path, "app_id"), "must be a string of decimal digits, a Uint32 from 1");
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
      auto vendor = item.IsString() ? zego::parse_vendor_name(item.GetString()) : std::nullopt;
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
                                                   zego::SnapshotTemplate& t) {
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

tg::Result<Ok, std::string> read_sample_template(const Value& v, const std::string& path, zego::SampleTemplate& t) {
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

tg::Result<Ok, std::string> read_tencent(const Value& v, const std::string& path, zego::ZegoSettings& zs) {
  if (!v.IsObject()) return field_error(path, "must be an object");
  TG_TRY(only_fields(v, path, {"snapshot_templates", "sample_templates", "sprite_templates"}));
  TG_TRY(read_template_map(v, path, "snapshot_templates", zs.snapshot_templates, read_snapshot_template));
  TG_TRY(read_template_map(v, path, "sample_templates", zs.sample_templates, read_sample_template));
  return Ok{};
}

tg::Result<Ok, std::string> read_media(const Value& v, const std::string& path, std::map<std::string, std::string>& media) {
  if (!v.IsObject()) return field_error(path, "must be an object of file id -> source");
  TG_TRY(unique_keys(v, path));
  for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
    std::string id(it->name.GetString(), it->name.GetStringLength());
    const std::string ipath = child(path, id);
    if (id.empty() || has_control_chars(id) || id.find('\0') != std::string::npos) {
      return field_error(ipath, "file ids must be non-empty without control characters");
    }
    if (!it->value.IsString() || it->value.GetStringLength() == 0) {
      return field_error(ipath, "must be a path under media_root or an http(s) URL");
    }
    std::string source(it->value.GetString(), it->value.GetStringLength());
    if (has_control_chars(source) || source.find('\0') != std::string::npos) {
      return field_error(ipath, "must not contain control characters");
    }
    if (!starts_with_http(source)) {
      // A path: relative to media_root, no step outside it.
      std::string_view rest = source;
      while (!rest.empty()) {
        const auto slash = rest.find('/');
        if (rest.substr(0, slash) == "..") return field_error(ipath, "must not contain '..' segments");
        if (slash == std::string_view::npos) break;
        rest.remove_prefix(slash + 1);
      }
    }
    media[id] = std::move(source);
  }
  return Ok{};
}

tg::Result<Ok, std::string> read_outbound(const Value& v, const std::string& path, OutboundSettings& outbound) {
  if (!v.IsObject()) return field_error(path, "must be an object");
  TG_TRY(only_fields(v, path, {"allow_networks", "idle_timeout_ms"}));
  if (const Value* networks = member(v, "allow_networks")) {
    const std::string npath = child(path, "allow_networks");
    if (!networks->IsArray() || networks->Size() > 256) {
      return field_error(npath, "must be an array of at most 256 addresses or networks");
    }
    outbound.allow_networks.clear();
    for (rapidjson::SizeType i = 0; i < networks->Size(); ++i) {
      const Value& item = (*networks)[i];
      const std::string ipath = npath + "[" + std::to_string(i) + "]";
      if (!item.IsString()) return field_error(ipath, "must be an address or network such as \"10.0.0.0/8\"");
      outbound.allow_networks.emplace_back(item.GetString(), item.GetStringLength());
      auto one = AddressPolicy::from_allow_list({outbound.allow_networks.back()});
      if (!one) return field_error(ipath, one.error());
    }
  }
  auto policy = AddressPolicy::from_allow_list(outbound.allow_networks);
  if (!policy) return field_error(child(path, "allow_networks"), policy.error());
  outbound.policy = std::move(*policy);
  TG_TRY(read_int(v, path, "idle_timeout_ms", outbound.idle_timeout_ms, 100, 600'000));
  return Ok{};
}

// Every URL the gateway will connect to: lowercase http(s), a host, and no literal address that the
// outbound policy refuses (names are checked again on the address connected to).
tg::Result<Ok, std::string> check_outbound_urls(const Config& config) {
  const AddressPolicy& policy = config.outbound.policy;
  auto check = [&](const std::string& path, const std::string& url) -> tg::Result<Ok, std::string> {
    if (auto r = check_outbound_url(url, policy); !r) return field_error(path, r.error());
    return Ok{};
  };
  for (std::size_t i = 0; i < config.zego.apps.size(); ++i) {
    const std::string& url = config.zego.apps[i].callback_url;
    if (!url.empty()) TG_TRY(check("apps[" + std::to_string(i) + "].callback_url", url));
  }
  for (const auto& [id, source] : config.media) {
    if (starts_with_http(source)) TG_TRY(check(child("media", id), source));
  }
  if (!config.tencent_vod.event_url.empty()) TG_TRY(check("tencent_vod.event_url", config.tencent_vod.event_url));
  for (std::size_t i = 0; i < config.cos.buckets.size(); ++i) {
    const std::string& root = config.cos.buckets[i].root;
    if (starts_with_http(root)) TG_TRY(check("cos.buckets[" + std::to_string(i) + "].root", root));
  }
  return Ok{};
}

tg::Result<Ok, std::string> read_root(const Value& root, Config& config) {
  if (!root.IsObject()) return tg::unexpected(std::string("the config must be a JSON object"));
  TG_TRY(only_fields(root, "", {"$schema", "listen", "data_dir", "media_root", "public_base_url", "workers",
                                "lease_ms", "max_queue", "max_queue_per_app", "callback_retry_delays_ms", "apps",
                                "media", "tencent", "tencent_vod", "huawei", "cos", "outbound", "max_connections",
                                "header_timeout_ms", "shutdown_grace_ms", "retention_hours",
                                "max_images_per_task", "max_output_bytes_per_task", "max_remote_workers"}));
  TG_TRY(read_string(root, "", "listen", config.listen));
  if (auto address = parse_listen_address(config.listen); !address) return tg::unexpected(address.error());
  TG_TRY(read_string(root, "", "data_dir", config.data_dir));
  TG_TRY(read_string(root, "", "media_root", config.media_root));
  std::string base_url;
  TG_TRY(read_string(root, "", "public_base_url", base_url, true));
  if (!base_url.empty()) {
    if (!starts_with_http(base_url) || has_control_chars(base_url) || base_url.find(' ') != std::string::npos) {
      return field_error("public_base_url", "must be an http:// or https:// URL");
    }
    while (base_url.back() == '/') base_url.pop_back();
  }
  config.public_base_url = base_url;
  if (const Value* outbound = member(root, "outbound")) TG_TRY(read_outbound(*outbound, "outbound", config.outbound));
  TG_TRY(read_int(root, "", "workers", config.workers, 0, 64));
  TG_TRY(read_int(root, "", "lease_ms", config.lease_ms, 100, 3'600'000));
  TG_TRY(read_int(root, "", "max_queue", config.max_queue, 1, 10'000'000));
  config.max_queue_per_app = default_queue_share(config.max_queue);
  TG_TRY(read_int(root, "", "max_queue_per_app", config.max_queue_per_app, 1, 10'000'000));
  if (config.max_queue_per_app > config.max_queue) {
    return field_error("max_queue_per_app", "must be at most max_queue (" + std::to_string(config.max_queue) + ")");
  }
  TG_TRY(read_resource_fields(root, config));
  if (const Value* delays = member(root, "callback_retry_delays_ms")) {
    if (!delays->IsArray() || delays->Size() > 20) {
      return field_error("callback_retry_delays_ms", "must be an array of at most 20 delays");
    }
    config.callback_retry_delays_ms.clear();
    for (rapidjson::SizeType i = 0; i < delays->Size(); ++i) {
      const Value& d = (*delays)[i];
      if (!d.IsInt64() || d.GetInt64() < 0 || d.GetInt64() > 86'400'000) {
        return field_error("callback_retry_delays_ms[" + std::to_string(i) + "]",
                           "must be an integer 0..86400000 (milliseconds)");
      }
      config.callback_retry_delays_ms.push_back(d.GetInt64());
    }
  }
  if (const Value* apps = member(root, "apps")) {
    if (!apps->IsArray()) return field_error("apps", "must be an array");
    for (rapidjson::SizeType i = 0; i < apps->Size(); ++i) {
      const std::string path = "apps[" + std::to_string(i) + "]";
      zego::ZegoApp app;
      TG_TRY(read_app((*apps)[i], path, app));
      if (config.zego.find_app(app.app_id)) {
        return field_error(path + ".app_id", "AppId " + app.app_id + " is configured twice");
      }
      config.zego.apps.push_back(std::move(app));
    }
  }
  if (const Value* media = member(root, "media")) TG_TRY(read_media(*media, "media", config.media));
  if (const Value* tencent = member(root, "tencent")) TG_TRY(read_tencent(*tencent, "tencent", config.zego));
  if (const Value* tencent = member(root, "tencent")) {
    TG_TRY(read_sprite_templates(*tencent, "tencent", config.tencent_vod));
  }
  config.tencent_vod.snapshot_templates = config.zego.snapshot_templates;
  if (const Value* vod = member(root, "tencent_vod")) {
    TG_TRY(read_tencent_vod_section(*vod, "tencent_vod", config.tencent_vod));
  }
  if (const Value* cos = member(root, "cos")) TG_TRY(read_cos_section(*cos, "cos", config.cos));
  if (const Value* huawei = member(root, "huawei")) {
    if (!huawei->IsObject()) return field_error("huawei", "must be an object");
    TG_TRY(only_fields(*huawei, "huawei", {"format", "max_length"}));
    TG_TRY(read_format(*huawei, "huawei", config.zego.huawei.format));
    TG_TRY(read_int(*huawei, "huawei", "max_length", config.zego.huawei.max_length, 0, kMaxImageSide));
  }
  return check_outbound_urls(config);
}


}  // namespace

tg::Result<Config, std::string> parse_config(std::string_view json_text) {
  rapidjson::Document doc;
  doc.Parse(json_text.data(), json_text.size());
  if (doc.HasParseError()) {
    return tg::unexpected("not valid JSON at byte " + std::to_string(doc.GetErrorOffset()) + ": " +
                          rapidjson::GetParseError_En(doc.GetParseError()));
  }
  Config config = default_config();
  if (auto read = read_root(doc, config); !read) return tg::unexpected(read.error());
  return config;
}

}  // namespace tg::gateway
