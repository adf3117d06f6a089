#include "adapters/tencent_vod/vod_vendor.hpp"

#include "adapters/common/config_fields.hpp"
#include "adapters/tencent_vod/vod_config.hpp"
#include "adapters/tencent_vod/vod_front_door.hpp"
#include "adapters/zego/zego_config.hpp"

namespace tg::adapters::tencent_vod {

// adapters/tencent_vod/config.schema.json, embedded at build time (adapters/CMakeLists.txt).
std::string_view embedded_config_schema();

namespace {

using config_fields::member;

class VodVendor : public Vendor {
 public:
  std::string_view name() const override { return "tencent_vod"; }

  std::vector<std::string_view> config_keys() const override { return {"tencent", "tencent_vod"}; }

  std::string_view config_schema() const override { return embedded_config_schema(); }

  tg::Result<VendorSettings, std::string> read_config(const rapidjson::Value& root,
                                                      const ConfigContext& context) const override {
    VodSettings settings;
    if (const rapidjson::Value* tencent = member(root, "tencent")) {
      // The time-point templates are the ZEGO front door's Tencent ones, read by the same reader.
      zego::ZegoSettings shared;
      TG_TRY(zego::read_tencent_templates(*tencent, "tencent", shared));
      settings.snapshot_templates = shared.snapshot_templates;
      TG_TRY(read_sprite_templates(*tencent, "tencent", settings));
    }
    if (const rapidjson::Value* vod = member(root, "tencent_vod")) {
      TG_TRY(read_tencent_vod_section(*vod, "tencent_vod", settings));
    }
    if (!settings.event_url.empty()) {
      if (auto allowed = check_outbound_url(settings.event_url, context.outbound_policy); !allowed) {
        return config_fields::field_error("tencent_vod.event_url", allowed.error());
      }
    }
    return VendorSettings(std::move(settings));
  }

  bool serves(const VendorSettings& settings) const override {
    return !std::any_cast<const VodSettings&>(settings).secrets.empty();
  }

  std::unique_ptr<FrontDoor> make_front_door(const VendorSettings& settings, const VendorDeps& deps) const override {
    VodSettings vod = std::any_cast<const VodSettings&>(settings);
    vod.public_base_url = deps.public_base_url;
    return std::make_unique<VodFrontDoor>(std::move(vod), deps);
  }
};

}  // namespace

std::shared_ptr<const Vendor> vod_vendor() { return std::make_shared<VodVendor>(); }

}  // namespace tg::adapters::tencent_vod
