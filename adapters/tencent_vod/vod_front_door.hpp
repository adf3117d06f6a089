#pragma once
// The Tencent VOD legacy v2 front door (/v2/index.php): CreateImageSprite, CreateSnapshotByTimeOffset and
// GetTaskInfo, signed with the Cloud API 2.0 signature, as GET query or POST form. Authenticate,
// rate-limit per SecretId, validate, resolve the fileId, queue the task, answer in the v2 envelope.
// Runs on the HTTP threads: only quick store calls, never FFmpeg.

#include <optional>

#include "adapters/common/sync_front_door.hpp"
#include "adapters/tencent_vod/vod_authenticator.hpp"
#include "adapters/tencent_vod/vod_renderer.hpp"
#include "adapters/tencent_vod/vod_request_parser.hpp"
#include "adapters/tencent_vod/vod_settings.hpp"

namespace tg::adapters::tencent_vod {

class VodFrontDoor : public SyncFrontDoor {
 public:
  /// `settings` with public_base_url set; the shared dependencies of every front door.
  VodFrontDoor(VodSettings settings, VendorDeps deps);

  /// True when `request` is addressed to this front door (path "/v2/index.php").
  bool accepts(const ApiRequest& request) const override;

  /// Every outcome is a v2-shaped JSON response ({code, message, codeDesc, ...}).
  ApiResponse answer(const ApiRequest& request) override;

  /// The v4.0 event for a finished task of this front door (for the worker pool's composer); nullopt
  /// for other tasks or when no event_url is configured.
  std::optional<tasks::CallbackDelivery> compose_notification(const tasks::TaskRecord& record) const override;

 private:
  ApiResponse create_sprite(const ApiRequest& request, const signing::Params& params, const VodSecret& secret);
  ApiResponse create_snapshot(const ApiRequest& request, const signing::Params& params, const VodSecret& secret);
  ApiResponse task_info(const signing::Params& params, const VodSecret& secret);
  // Checks the queue, stores the task and wakes the workers.
  ApiResponse queue(const ApiRequest& request, VodAction action, tasks::TaskSpec spec);
  // Cues of a finished sprite task's WebVTT index, as stored with the task; 0 when there is none.
  int sprite_cell_count(const tasks::TaskRecord& record) const;

  VodSettings settings_;
  VendorDeps deps_;
  VodAuthenticator authenticator_;
  VodRenderer renderer_;
};

}  // namespace tg::adapters::tencent_vod
