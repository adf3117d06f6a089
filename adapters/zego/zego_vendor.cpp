#include "adapters/zego/zego_vendor.hpp"

#include <filesystem>

#include "adapters/zego/demo_app.hpp"
#include "adapters/zego/zego_config.hpp"
#include "adapters/zego/zego_front_door.hpp"
#include "core/clock.hpp"
#include "core/random_id.hpp"
#include "signing/signed_query.hpp"

namespace tg::adapters::zego {

// adapters/zego/config.schema.json, embedded at build time (adapters/CMakeLists.txt).
std::string_view embedded_config_schema();

namespace {

namespace fs = std::filesystem;

/// Prints a signed MediaThumbnails URL for the demo clip, valid for the signature window.
void print_demo_url(const StartContext& context, const DemoApp& app, std::ostream& out) {
  if (!fs::exists(fs::path(context.media_root) / "demo.mp4")) return;
  const std::string query = signing::zego_signed_query(
      {{"Action", "MediaThumbnails"}, {"Vendor", "Huawei"}, {"FileId", "demo.mp4"}, {"Type", "SampleSnapshot"},
       {"Interval", "5"}},
      app.app_id, app.server_secret, random_hex(8), SystemClock().now_s());
  out << "try it (signed, valid for 10 minutes):\n  curl '" << context.public_base_url << "/?" << query
      << "'\n  then follow the task: thumbgate sign zego DescribeMediaTask Vendor=Huawei TaskId=<task_id>\n";
}

class ZegoVendor : public adapters::Vendor {
 public:
  std::string_view name() const override { return "zego"; }

  std::vector<std::string_view> config_keys() const override { return {"apps", "tencent", "huawei"}; }

  std::string_view config_schema() const override { return embedded_config_schema(); }

  tg::Result<VendorSettings, std::string> read_config(const rapidjson::Value& root,
                                                      const ConfigContext& context) const override {
    TG_TRY_ASSIGN(ZegoSettings settings, read_zego_config(root, context.outbound_policy));
    return VendorSettings(std::move(settings));
  }

  // Always: without apps the gateway creates the demo app.
  bool serves(const VendorSettings&) const override { return true; }

  // Without apps, a demo app (kept in data_dir across restarts) makes the gateway usable at once.
  tg::Result<Ok, std::string> on_start(VendorSettings& settings, const StartContext& context,
                                       std::ostream& notice) const override {
    auto& zego = std::any_cast<ZegoSettings&>(settings);
    if (!zego.apps.empty()) return Ok{};
    TG_TRY_ASSIGN(DemoApp demo, load_or_create_demo_app(context.data_dir));
    ZegoApp app;
    app.app_id = demo.app_id;
    app.server_secret = demo.server_secret;
    zego.apps.push_back(app);
    notice << "demo app: AppId=" << demo.app_id << " ServerSecret=" << demo.server_secret << "\n";
    print_demo_url(context, demo, notice);
    return Ok{};
  }

  std::unique_ptr<FrontDoor> make_front_door(const VendorSettings& settings, const VendorDeps& deps) const override {
    ZegoSettings zego = std::any_cast<const ZegoSettings&>(settings);
    zego.public_base_url = deps.public_base_url;
    return std::make_unique<ZegoFrontDoor>(std::move(zego), deps);
  }
};

}  // namespace

std::shared_ptr<const adapters::Vendor> zego_vendor() { return std::make_shared<ZegoVendor>(); }

}  // namespace tg::adapters::zego
