#pragma once
// The ZEGO MediaThumbnails front door: authenticate, rate-limit, validate, resolve the FileId, queue the
// task, and answer in ZEGO's envelope. Runs on the HTTP threads: only quick store calls, never FFmpeg.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "adapters/front_door.hpp"
#include "adapters/zego/zego_authenticator.hpp"
#include "adapters/zego/zego_renderer.hpp"
#include "adapters/zego/zego_settings.hpp"
#include "core/api_message.hpp"
#include "core/clock.hpp"
#include "adapters/common/rate_limiter.hpp"
#include "signing/replay_cache.hpp"
#include "tasks/job_limits.hpp"
#include "tasks/media_resolver.hpp"
#include "tasks/task_store.hpp"

namespace tg::adapters::zego {

class ZegoFrontDoor : public FrontDoor {
 public:
  struct Deps {
    ZegoSettings settings;
    signing::ReplayCache& nonces;
    RateLimiter& limiter;
    tasks::TaskStore& store;
    tasks::MediaResolver& resolver;
    const Clock& clock;
    std::function<void()> task_queued;  // wakes the worker pool
    int64_t max_queue = 1000;
    int64_t max_queue_per_app = 0;  // QUEUED tasks of one AppId; 0 = no share of its own
    tasks::OutputLimits limits;  // a request that would make more images is refused before it is queued
  };

  explicit ZegoFrontDoor(Deps deps);

  /// True when `request` is addressed to this front door (path "/" with a ZEGO Action).
  bool accepts(const ApiRequest& request) const override;

  /// Handles MediaThumbnails and DescribeMediaTask; every outcome is a ZEGO-shaped JSON response.
  ApiResponse handle(const ApiRequest& request);
  void handle(ApiRequest request, Respond respond) override { respond(handle(request)); }

  /// The `snapshot` callback for a finished ZEGO task (for the worker pool's composer).
  std::optional<tasks::CallbackDelivery> compose_notification(const tasks::TaskRecord& record) const override;

 private:
  ApiResponse submit(const ApiRequest& request, const ZegoApp& app,
                     const std::string& request_id);
  ApiResponse describe(const ApiRequest& request, const ZegoApp& app,
                       const std::string& request_id);

  Deps deps_;
  ZegoAuthenticator authenticator_;
  ZegoRenderer renderer_;
};

}  // namespace tg::adapters::zego
