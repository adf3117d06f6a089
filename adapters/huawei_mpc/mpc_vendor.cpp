#include "adapters/huawei_mpc/mpc_vendor.hpp"

#include <filesystem>

#include "adapters/common/config_fields.hpp"
#include "adapters/huawei_mpc/mpc_config.hpp"
#include "adapters/huawei_mpc/mpc_front_door.hpp"
#include "core/path_containment.hpp"

namespace tg::adapters::huawei_mpc {

// adapters/huawei_mpc/config.schema.json, embedded at build time (adapters/CMakeLists.txt).
std::string_view embedded_config_schema();

namespace {

namespace fs = std::filesystem;

class MpcVendor : public Vendor {
 public:
  std::string_view name() const override { return "huawei_mpc"; }

  std::vector<std::string_view> config_keys() const override { return {"huawei_mpc"}; }

  std::string_view config_schema() const override { return embedded_config_schema(); }

  tg::Result<VendorSettings, std::string> read_config(const rapidjson::Value& root,
                                                      const ConfigContext& context) const override {
    MpcSettings settings;
    if (const rapidjson::Value* mpc = config_fields::member(root, "huawei_mpc")) {
      TG_TRY(read_mpc_section(*mpc, "huawei_mpc", context.outbound_policy, settings));
    }
    return VendorSettings(std::move(settings));
  }

  bool serves(const VendorSettings& settings) const override {
    return !std::any_cast<const MpcSettings&>(settings).credentials.empty();
  }

  // Output buckets are folders the workers write into: made when the gateway starts, then known by their
  // canonical path.
  tg::Result<Ok, std::string> on_start(VendorSettings& settings, const StartContext& context,
                                       std::ostream& /*notice*/) const override {
    auto& mpc = std::any_cast<MpcSettings&>(settings);
    for (std::size_t i = 0; i < mpc.output_buckets.size(); ++i) {
      MpcOutputBucket& bucket = mpc.output_buckets[i];
      fs::path root(bucket.root);
      if (root.is_relative()) root = fs::path(context.media_root) / root;
      std::error_code ec;
      fs::create_directories(root, ec);
      auto canonical = canonical_path(root);
      if (ec || !canonical) {
        return tg::unexpected("huawei_mpc.output_buckets[" + std::to_string(i) + "].root: cannot create the folder " +
                              root.string() + (ec ? ": " + ec.message() : std::string()));
      }
      bucket.folder = canonical->string();
    }
    return Ok{};
  }

  std::unique_ptr<FrontDoor> make_front_door(const VendorSettings& settings, const VendorDeps& deps) const override {
    return std::make_unique<MpcFrontDoor>(std::any_cast<const MpcSettings&>(settings), deps);
  }
};

}  // namespace

std::shared_ptr<const Vendor> mpc_vendor() { return std::make_shared<MpcVendor>(); }

}  // namespace tg::adapters::huawei_mpc
