#pragma once
// The ZEGO MediaThumbnails front door: authenticate, rate-limit, validate, resolve the FileId, queue the
// task, and answer in ZEGO's envelope. Runs on the HTTP threads: only quick store calls, never FFmpeg.

#include <optional>
#include <string>

#include "adapters/common/sync_front_door.hpp"
#include "adapters/zego/zego_authenticator.hpp"
#include "adapters/zego/zego_renderer.hpp"
#include "adapters/zego/zego_settings.hpp"

namespace tg::adapters::zego {

class ZegoFrontDoor : public SyncFrontDoor {
 public:
  /// `settings` with public_base_url set; the shared dependencies of every front door.
  ZegoFrontDoor(ZegoSettings settings, VendorDeps deps);

  /// True when `request` is addressed to this front door (path "/" with a ZEGO Action).
  bool accepts(const ApiRequest& request) const override;

  /// Handles MediaThumbnails and DescribeMediaTask; every outcome is a ZEGO-shaped JSON response.
  ApiResponse answer(const ApiRequest& request) override;

  /// The `snapshot` callback for a finished ZEGO task (for the worker pool's composer).
  std::optional<tasks::CallbackDelivery> compose_notification(const tasks::TaskRecord& record) const override;

 private:
  ApiResponse submit(const ApiRequest& request, const ZegoApp& app, const std::string& request_id);
  ApiResponse describe(const ApiRequest& request, const ZegoApp& app, const std::string& request_id);

  ZegoSettings settings_;
  VendorDeps deps_;
  ZegoAuthenticator authenticator_;
  ZegoRenderer renderer_;
};

}  // namespace tg::adapters::zego
