#include "adapters/aliyun_ice/ice_vendor.hpp"

#include <filesystem>

#include "adapters/aliyun_ice/ice_config.hpp"
#include "adapters/aliyun_ice/ice_front_door.hpp"
#include "adapters/common/config_fields.hpp"
#include "core/path_containment.hpp"

namespace tg::adapters::aliyun_ice {

// adapters/aliyun_ice/config.schema.json, embedded at build time (adapters/CMakeLists.txt).
std::string_view embedded_config_schema();

namespace {

using config_fields::member;
using config_fields::starts_with_http;

class IceVendor : public Vendor {
 public:
  std::string_view name() const override { return "aliyun_ice"; }

  std::vector<std::string_view> config_keys() const override { return {"aliyun_ice"}; }

  std::string_view config_schema() const override { return embedded_config_schema(); }

  tg::Result<VendorSettings, std::string> read_config(const rapidjson::Value& root,
                                                      const ConfigContext& context) const override {
    IceSettings settings;
    if (const rapidjson::Value* section = member(root, "aliyun_ice")) {
      TG_TRY(read_aliyun_ice_section(*section, "aliyun_ice", settings));
    }
    if (!settings.event_url.empty()) {
      if (auto allowed = check_outbound_url(settings.event_url, context.outbound_policy); !allowed) {
        return config_fields::field_error("aliyun_ice.event_url", allowed.error());
      }
    }
    for (std::size_t i = 0; i < settings.input_buckets.size(); ++i) {
      const std::string& bucket_root = settings.input_buckets[i].root;
      if (!starts_with_http(bucket_root)) continue;
      if (auto allowed = check_outbound_url(bucket_root, context.outbound_policy); !allowed) {
        return config_fields::field_error("aliyun_ice.input_buckets[" + std::to_string(i) + "].root", allowed.error());
      }
    }
    return VendorSettings(std::move(settings));
  }

  bool serves(const VendorSettings& settings) const override {
    return !std::any_cast<const IceSettings&>(settings).access_keys.empty();
  }

  tg::Result<Ok, std::string> on_start(VendorSettings& settings, const StartContext& context,
                                       std::ostream& /*notice*/) const override {
    auto& ice = std::any_cast<IceSettings&>(settings);
    if (ice.output_bucket.name.empty()) return Ok{};
    // The output bucket's folder: relative ones are under data_dir; made now, used by canonical path.
    std::filesystem::path folder(ice.output_bucket.folder);
    if (folder.is_relative()) folder = std::filesystem::path(context.data_dir) / folder;
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    auto canonical = canonical_path(folder);
    if (ec || !canonical) {
      return tg::unexpected("aliyun_ice.output_bucket.folder: cannot create " + folder.string() +
                            (ec ? ": " + ec.message() : std::string()));
    }
    ice.output_bucket.folder = canonical->string();
    return Ok{};
  }

  std::unique_ptr<FrontDoor> make_front_door(const VendorSettings& settings, const VendorDeps& deps) const override {
    IceSettings ice = std::any_cast<const IceSettings&>(settings);
    ice.public_base_url = deps.public_base_url;
    ice.media_root = deps.media_root;
    return std::make_unique<IceFrontDoor>(std::move(ice), deps);
  }
};

}  // namespace

std::shared_ptr<const Vendor> ice_vendor() { return std::make_shared<IceVendor>(); }

}  // namespace tg::adapters::aliyun_ice
