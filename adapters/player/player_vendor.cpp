#include "adapters/player/player_vendor.hpp"

#include "adapters/common/config_fields.hpp"
#include "adapters/player/player_config.hpp"
#include "adapters/player/player_front_door.hpp"
#include "adapters/tencent_ci/ci_config.hpp"
#include "core/logger.hpp"
#include "engine/avfilter_library.hpp"

namespace tg::adapters::player {

// adapters/player/config.schema.json, embedded at build time (adapters/CMakeLists.txt).
std::string_view embedded_config_schema();

namespace {

constexpr std::size_t kProbedMedia = 1024;

metrics::Counter& result_lookups() {
  static metrics::Counter& counter = metrics::default_registry().counter(
      "thumbgate_player_result_cache_lookups_total", "Player URL result cache lookups: hit or miss.", {"result"});
  return counter;
}

// Preview renditions in data_dir/renditions, when the player serves and its section gives them bytes.
std::unique_ptr<PreviewRenditions> make_renditions(const PlayerSettings& settings, const VendorDeps& deps) {
  if (!settings.enabled || settings.preview_rendition_bytes <= 0 || deps.data_dir.empty()) return nullptr;
  auto renditions = std::make_unique<PreviewRenditions>(RenditionOptions{
      .dir = deps.data_dir + "/renditions",
      .max_bytes = settings.preview_rendition_bytes,
      .max_media_s = static_cast<double>(settings.preview_rendition_max_s)});
  if (!renditions->disabled_reason().empty()) {
    tg::log(LogLevel::kWarn, "animated previews will decode their media: no preview renditions",
            {{"reason", renditions->disabled_reason()}});
    return nullptr;
  }
  return renditions;
}

// The front door with what it runs on: its own bounded engine pool, result cache, opened inputs and probes.
class PlayerService : public FrontDoor {
 public:
  PlayerService(PlayerSettings settings, const VendorDeps& deps)
      : settings_(std::move(settings)),
        pool_(settings_.engine_threads, settings_.max_inflight),
        results_(static_cast<std::size_t>(settings_.result_cache_bytes), &result_lookups()),
        inputs_(static_cast<std::size_t>(settings_.hot_inputs)),
        probes_(kProbedMedia),
        renditions_(make_renditions(settings_, deps)),
        door_({.settings = settings_,
               .resolver = deps.resolver,
               .clock = deps.clock,
               .pool = pool_,
               .results = results_,
               .inputs = inputs_,
               .probes = probes_,
               .outbound = deps.outbound,
               .public_base_url = deps.public_base_url,
               .cancel = deps.cancel,
               .renditions = renditions_.get()}) {}
  // Pool jobs use the caches and the door: they finish before those go.
  ~PlayerService() override { stop(); }

  bool accepts(const ApiRequest& request) const override { return door_.accepts(request); }
  void handle(ApiRequest request, Respond respond) override { door_.handle(std::move(request), std::move(respond)); }
  std::optional<tasks::CallbackDelivery> compose_notification(const tasks::TaskRecord& task) const override {
    return door_.compose_notification(task);
  }
  void stop() override {
    pool_.stop();
    if (renditions_) renditions_->stop();
  }

 private:
  PlayerSettings settings_;
  tencent_ci::SnapshotPool pool_;
  tencent_ci::CosResultCache results_;
  engine::HotInputCache inputs_;
  ProbeCache probes_;
  std::unique_ptr<PreviewRenditions> renditions_;
  PlayerFrontDoor door_;
};

class PlayerVendor : public Vendor {
 public:
  std::string_view name() const override { return "player"; }

  std::vector<std::string_view> config_keys() const override { return {"player"}; }

  std::string_view config_schema() const override { return embedded_config_schema(); }

  tg::Result<VendorSettings, std::string> read_config(const rapidjson::Value& root,
                                                      const ConfigContext&) const override {
    PlayerSettings settings;
    if (const rapidjson::Value* section = config_fields::member(root, "player")) {
      TG_TRY(read_player_section(*section, "player", settings));
    }
    // The COS buckets' objects are player media too ("cos:<bucket>/<key>"); the section is the COS
    // vendor's, which reports its errors.
    if (const rapidjson::Value* cos = config_fields::member(root, "cos")) {
      tencent_ci::CiSettings ci;
      if (tencent_ci::read_cos_section(*cos, "cos", ci)) {
        for (const tencent_ci::CiBucket& bucket : ci.buckets) {
          settings.buckets.push_back({bucket.name, bucket.root, bucket.acl == tencent_ci::BucketAcl::kPrivate});
        }
      }
    }
    return VendorSettings(std::move(settings));
  }

  // Without a "player" section nothing under /v/ is served: media_root is not exposed by default.
  bool serves(const VendorSettings& settings) const override {
    return std::any_cast<const PlayerSettings&>(settings).enabled;
  }

  DescriptorNeeds descriptor_needs(const VendorSettings& settings) const override {
    const auto& player = std::any_cast<const PlayerSettings&>(settings);
    if (!player.enabled) return {};  // no front door, no pool
    // The rendition builder counts as one more engine thread (its input and its output).
    const int builder = player.preview_rendition_bytes > 0 ? 1 : 0;
    return {.threads = player.engine_threads + builder, .open_inputs = player.hot_inputs};
  }

  std::unique_ptr<FrontDoor> make_front_door(const VendorSettings& settings, const VendorDeps& deps) const override {
    // libavfilter (GIF palettes) is loaded before serving: loading it on the first animated.gif, when
    // descriptors or memory may be short, could fail every GIF until a restart.
    if (auto gif = engine::avfilter_library(); !gif) {
      tg::log(LogLevel::kWarn, "animated GIFs will fail", {{"reason", gif.error()}});
    }
    return std::make_unique<PlayerService>(std::any_cast<const PlayerSettings&>(settings), deps);
  }
};

}  // namespace

std::shared_ptr<const Vendor> player_vendor() { return std::make_shared<PlayerVendor>(); }

}  // namespace tg::adapters::player
