#pragma once
// The Huawei Cloud MPC thumbnails front door: POST (create), GET (query) and DELETE (cancel) on
// /v1/{project_id}/thumbnails, signed with AK/SK (SDK-HMAC-SHA256); inputs and outputs are OBS objects of
// the configured buckets. MPC notifies only through SMN topics, so its tasks have no callback.

#include <optional>
#include <string>

#include "adapters/front_door.hpp"
#include "adapters/huawei_mpc/mpc_error.hpp"
#include "adapters/huawei_mpc/mpc_settings.hpp"
#include "adapters/huawei_mpc/sync_waiter.hpp"
#include "adapters/huawei_mpc/thumbnail_request.hpp"

namespace tg::adapters::huawei_mpc {

/// The project id of a path "/v1/{project_id}/thumbnails" (a trailing '/' allowed); nullopt otherwise.
std::optional<std::string> thumbnails_project(std::string_view path);

class MpcFrontDoor final : public FrontDoor {
 public:
  MpcFrontDoor(MpcSettings settings, VendorDeps deps);

  bool accepts(const ApiRequest& request) const override;
  void handle(ApiRequest request, Respond respond) override;
  std::optional<tasks::CallbackDelivery> compose_notification(const tasks::TaskRecord& task) const override;
  void stop() override;

 private:
  // The answer, or nullopt when `respond` was handed to the sync waiter.
  std::optional<ApiResponse> answer(const ApiRequest& request, Respond& respond);
  std::optional<ApiResponse> create(const ApiRequest& request, const std::string& project_id, Respond& respond);
  ApiResponse list(const ApiRequest& request, const std::string& project_id);
  ApiResponse cancel(const ApiRequest& request, const std::string& project_id);
  // The absolute folder inside the output bucket that `request` writes to, or why there is none.
  tg::Result<std::string, MpcError> output_folder(const CreateThumbnailsRequest& request, const std::string& prefix) const;

  MpcSettings settings_;
  VendorDeps deps_;
  SyncWaiter waiter_;
};

}  // namespace tg::adapters::huawei_mpc
