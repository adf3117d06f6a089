#pragma once
// The player URLs' front door (/v/{media}/thumbnail|storyboard|animated.*): reads and checks the request
// (token before parameters, player_request_reader.hpp), resolves the media id as every vendor resolves file
// ids (tasks/media_resolver.hpp), and on the bounded engine pool probes the media, applies the duration's
// checks, then answers from the result cache or the engine: thumbnails by the snapshot entry point,
// animations by the animated one (from the media's preview rendition once there is one), storyboard sheets by the sprite entry point, storyboard.json/vtt/m3u8 from
// the plan (the request in the engine's terms: engine_support.hpp).

#include <atomic>
#include <string>

#include "adapters/front_door.hpp"
#include "adapters/player/player_settings.hpp"
#include "adapters/player/preview_renditions.hpp"
#include "adapters/player/probe_cache.hpp"
#include "adapters/tencent_ci/cos_result_cache.hpp"
#include "adapters/tencent_ci/snapshot_pool.hpp"
#include "core/clock.hpp"
#include "engine/hot_input_cache.hpp"
#include "tasks/media_resolver.hpp"

namespace tg::adapters::player {

class PlayerFrontDoor : public FrontDoor {
 public:
  struct Deps {
    const PlayerSettings& settings;
    tasks::MediaResolver& resolver;
    const Clock& clock;
    tencent_ci::SnapshotPool& pool;
    tencent_ci::CosResultCache& results;
    engine::HotInputCache& inputs;
    ProbeCache& probes;
    const OutboundSettings& outbound;  // for media table entries that are http(s) URLs
    std::string public_base_url;       // storyboard metadata points at sheets under it; no trailing '/'
    const std::atomic<bool>* cancel = nullptr;
    PreviewRenditions* renditions = nullptr;  // animated previews of local media decode these; null = none
  };

  explicit PlayerFrontDoor(Deps deps);

  /// True for paths under /v/.
  bool accepts(const ApiRequest& request) const override;

  /// Answers GET or HEAD; `respond` is called once, on this thread or an engine pool thread.
  void handle(ApiRequest request, Respond respond) override;

  /// Player URLs answer synchronously: there is nothing to notify.
  std::optional<tasks::CallbackDelivery> compose_notification(const tasks::TaskRecord&) const override {
    return std::nullopt;
  }

 private:
  Deps deps_;
};

}  // namespace tg::adapters::player
