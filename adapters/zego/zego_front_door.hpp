#pragma once
// The ZEGO MediaThumbnails front door: authenticate, rate-limit, validate, resolve the FileId, queue the
// task, and answer in ZEGO's envelope. Runs on the HTTP threads: only quick store calls, never FFmpeg; a
// submission is answered once its task has committed, from the thread that committed it (so the HTTP
// thread goes on to the next request meanwhile, and concurrent submissions share commits).

#include <functional>
#include <optional>
#include <string>

#include "adapters/common/task_submission.hpp"
#include "adapters/front_door.hpp"
#include "adapters/zego/zego_authenticator.hpp"
#include "adapters/zego/zego_renderer.hpp"
#include "adapters/zego/zego_settings.hpp"

namespace tg::adapters::zego {

class ZegoFrontDoor : public FrontDoor {
 public:
  /// `settings` with public_base_url set; the shared dependencies of every front door.
  ZegoFrontDoor(ZegoSettings settings, VendorDeps deps);

  /// True when `request` is addressed to this front door (path "/" with a ZEGO Action).
  bool accepts(const ApiRequest& request) const override;

  /// Handles MediaThumbnails and DescribeMediaTask; every outcome is a ZEGO-shaped JSON response.
  void handle(ApiRequest request, Respond respond) override;
  /// handle(), waiting for the answer.
  ApiResponse answer(const ApiRequest& request);

  /// The `snapshot` callback for a finished ZEGO task (for the worker pool's composer).
  std::optional<tasks::CallbackDelivery> compose_notification(const tasks::TaskRecord& record) const override;

 private:
  // Answers `respond` with the vendor's fields logged.
  using Answered = std::function<void(ApiResponse)>;
  void submit(const ApiRequest& request, const ZegoApp& app, const std::string& request_id, Answered answered);
  ApiResponse submitted(const Submitted& queued, const std::string& request_id) const;
  ApiResponse describe(const ApiRequest& request, const ZegoApp& app, const std::string& request_id);

  ZegoSettings settings_;
  VendorDeps deps_;
  ZegoAuthenticator authenticator_;
  ZegoRenderer renderer_;
};

}  // namespace tg::adapters::zego
