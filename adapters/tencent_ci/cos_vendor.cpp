#include "adapters/tencent_ci/cos_vendor.hpp"

#include <algorithm>
#include <cctype>

#include "adapters/common/config_fields.hpp"
#include "adapters/tencent_ci/ci_config.hpp"
#include "adapters/tencent_ci/cos_front_door.hpp"

namespace tg::adapters::tencent_ci {

// adapters/tencent_ci/config.schema.json, embedded at build time (adapters/CMakeLists.txt).
std::string_view embedded_config_schema();

namespace {

using config_fields::member;
using config_fields::starts_with_http;

// The front door with what it runs on: GetSnapshot runs on its own bounded pool, apart from the task
// workers, with its result cache and opened inputs.
class CosService : public FrontDoor {
 public:
  CosService(CiSettings settings, const VendorDeps& deps)
      : settings_(std::move(settings)),
        pool_(settings_.engine_threads, settings_.max_inflight),
        results_(static_cast<std::size_t>(settings_.result_cache_bytes)),
        inputs_(static_cast<std::size_t>(settings_.hot_inputs), static_cast<std::size_t>(settings_.hot_input_bytes)),
        door_({.settings = settings_,
               .media_root = deps.media_root,
               .clock = deps.clock,
               .pool = pool_,
               .results = results_,
               .inputs = inputs_,
               .outbound = deps.outbound,
               .cancel = deps.cancel}) {}
  // Pool jobs use the caches and the door: they finish before those go.
  ~CosService() override { pool_.stop(); }

  bool accepts(const ApiRequest& request) const override { return door_.accepts(request); }
  void handle(ApiRequest request, Respond respond) override { door_.handle(std::move(request), std::move(respond)); }
  std::optional<tasks::CallbackDelivery> compose_notification(const tasks::TaskRecord& task) const override {
    return door_.compose_notification(task);
  }
  void stop() override { pool_.stop(); }

 private:
  CiSettings settings_;
  SnapshotPool pool_;
  CosResultCache results_;
  engine::HotInputCache inputs_;
  CosFrontDoor door_;
};

// The host of an http(s) URL, lowercase, without userinfo or port; "" when there is none.
std::string url_host(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return "";
  std::string_view rest = url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  if (!rest.empty() && rest.front() == '[') {
    rest = rest.substr(0, rest.find(']') + 1);
  } else {
    rest = rest.substr(0, rest.find(':'));
  }
  std::string host(rest);
  std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
  return host;
}

class CosVendor : public Vendor {
 public:
  std::string_view name() const override { return "tencent_ci"; }

  std::vector<std::string_view> config_keys() const override { return {"cos"}; }

  std::string_view config_schema() const override { return embedded_config_schema(); }

  tg::Result<VendorSettings, std::string> read_config(const rapidjson::Value& root,
                                                      const ConfigContext& context) const override {
    CiSettings settings;
    if (const rapidjson::Value* cos = member(root, "cos")) TG_TRY(read_cos_section(*cos, "cos", settings));
    // A bucket's host owns its whole path space and is asked before /outputs/: on the host of
    // public_base_url every output URL would be an object lookup.
    const std::string output_host = url_host(context.public_base_url);
    for (std::size_t i = 0; i < settings.buckets.size(); ++i) {
      const auto& domains = settings.buckets[i].domains;
      for (std::size_t j = 0; j < domains.size(); ++j) {
        if (output_host.empty() || domains[j] != output_host) continue;
        return config_fields::field_error(
            "cos.buckets[" + std::to_string(i) + "].domains[" + std::to_string(j) + "]",
            "\"" + domains[j] + "\" is the host of public_base_url: its /outputs/ URLs would be answered as objects "
            "of this bucket; give the bucket another domain or public_base_url another host");
      }
    }
    for (std::size_t i = 0; i < settings.buckets.size(); ++i) {
      const std::string& bucket_root = settings.buckets[i].root;
      if (!starts_with_http(bucket_root)) continue;
      if (auto allowed = check_outbound_url(bucket_root, context.outbound_policy); !allowed) {
        return config_fields::field_error("cos.buckets[" + std::to_string(i) + "].root", allowed.error());
      }
    }
    return VendorSettings(std::move(settings));
  }

  bool serves(const VendorSettings& settings) const override {
    return !std::any_cast<const CiSettings&>(settings).buckets.empty();
  }

  bool before_gateway_paths() const override { return true; }

  DescriptorNeeds descriptor_needs(const VendorSettings& settings) const override {
    const auto& cos = std::any_cast<const CiSettings&>(settings);
    return {.threads = cos.engine_threads, .open_inputs = cos.hot_inputs};
  }

  std::unique_ptr<FrontDoor> make_front_door(const VendorSettings& settings, const VendorDeps& deps) const override {
    return std::make_unique<CosService>(std::any_cast<const CiSettings&>(settings), deps);
  }
};

}  // namespace

std::shared_ptr<const Vendor> cos_vendor() { return std::make_shared<CosVendor>(); }

}  // namespace tg::adapters::tencent_ci
