// parse_config: config JSON -> Config, refusing unknown fields and naming the path of any bad value.

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>
#include <string>

#include "adapters/common/config_fields.hpp"
#include "adapters/registry.hpp"
#include "gateway/config.hpp"
#include "gateway/config_resources.hpp"
#include "gateway/listen_address.hpp"
#include "core/logger.hpp"

namespace tg::gateway {
namespace {

using namespace adapters::config_fields;

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

// Every media URL the gateway will connect to: lowercase http(s), a host, and no literal address that the
// outbound policy refuses (names are checked again on the address connected to). Each vendor checks its own.
tg::Result<Ok, std::string> check_media_urls(const Config& config) {
  for (const auto& [id, source] : config.media) {
    if (!starts_with_http(source)) continue;
    if (auto r = check_outbound_url(source, config.outbound.policy); !r) return field_error(child("media", id), r.error());
  }
  return Ok{};
}

// The root object has only the gateway's own fields and the keys some vendor reads, each once.
tg::Result<Ok, std::string> only_known_fields(const Value& root, const adapters::VendorList& vendors) {
  static constexpr std::string_view kGatewayFields[] = {
      "$schema", "listen", "data_dir", "media_root", "public_base_url", "workers", "lease_ms", "max_queue",
      "max_queue_per_app", "callback_retry_delays_ms", "media", "outbound", "max_connections",
      "header_timeout_ms", "shutdown_grace_ms", "retention_hours", "max_images_per_task",
      "max_output_bytes_per_task", "max_remote_workers", "log_level", "admin", "database", "redis",
      "redis_key_prefix", "outputs_dir"};
  std::set<std::string_view> known(std::begin(kGatewayFields), std::end(kGatewayFields));
  for (const auto& vendor : vendors) {
    for (std::string_view key : vendor->config_keys()) known.insert(key);
  }
  std::set<std::string_view> seen;
  for (auto it = root.MemberBegin(); it != root.MemberEnd(); ++it) {
    std::string_view name(it->name.GetString(), it->name.GetStringLength());
    if (!known.count(name)) return field_error(std::string(name), "unknown field");
    if (!seen.insert(name).second) return field_error(std::string(name), "appears twice");
  }
  return Ok{};
}

tg::Result<Ok, std::string> read_root(const Value& root, const adapters::VendorList& vendors, Config& config) {
  if (!root.IsObject()) return tg::unexpected(std::string("the config must be a JSON object"));
  TG_TRY(only_known_fields(root, vendors));
  TG_TRY(read_string(root, "", "listen", config.listen));
  if (auto address = parse_listen_address(config.listen); !address) return tg::unexpected(address.error());
  TG_TRY(read_string(root, "", "data_dir", config.data_dir));
  TG_TRY_ASSIGN(config.shared, read_shared_state_settings(root));
  std::string level = log_level_name(config.log_level);
  TG_TRY(read_string(root, "", "log_level", level));
  if (auto parsed = parse_log_level(level)) {
    config.log_level = *parsed;
  } else {
    return field_error("log_level", "must be one of debug, info, warn, error");
  }
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
  if (const Value* admin = member(root, "admin")) TG_TRY(admin::read_admin_settings(*admin, config.admin));
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
  if (const Value* media = member(root, "media")) TG_TRY(read_media(*media, "media", config.media));
  TG_TRY(check_media_urls(config));
  const adapters::ConfigContext context{.outbound_policy = config.outbound.policy,
                                        .public_base_url = config.public_base_url};
  for (const auto& vendor : vendors) {
    TG_TRY_ASSIGN(config.vendors[std::string(vendor->name())], vendor->read_config(root, context));
  }
  return Ok{};
}


}  // namespace

tg::Result<Config, std::string> parse_config(std::string_view json_text, const adapters::VendorList& vendors) {
  rapidjson::Document doc;
  doc.Parse(json_text.data(), json_text.size());
  if (doc.HasParseError()) {
    return tg::unexpected("not valid JSON at byte " + std::to_string(doc.GetErrorOffset()) + ": " +
                          rapidjson::GetParseError_En(doc.GetParseError()));
  }
  Config config;
  TG_TRY(read_root(doc, vendors, config));
  return config;
}

tg::Result<Config, std::string> parse_config(std::string_view json_text) {
  return parse_config(json_text, adapters::standard_vendors());
}

Config default_config(const adapters::VendorList& vendors) {
  // Every vendor's defaults are valid: an empty config cannot be refused.
  return *parse_config("{}", vendors);
}

}  // namespace tg::gateway
