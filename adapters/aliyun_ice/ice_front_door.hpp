#pragma once
// The Alibaba Cloud ICE front door: SubmitSnapshotJob, GetSnapshotJob, GetSnapshotUrls and
// ListSnapshotJobs (Version 2020-11-09, RPC style, GET query or POST form, JSON or XML per Format), signed
// with the RPC signature V1.0; and the output bucket's objects behind the signed URLs GetSnapshotUrls hands
// out (/oss/<bucket>/<key>). Runs on the HTTP threads: only quick store calls, never FFmpeg.

#include <optional>
#include <string>

#include "adapters/aliyun_ice/ice_authenticator.hpp"
#include "adapters/aliyun_ice/ice_error.hpp"
#include "adapters/aliyun_ice/ice_job_record.hpp"
#include "adapters/aliyun_ice/ice_settings.hpp"
#include "adapters/common/sync_front_door.hpp"

namespace tg::adapters::aliyun_ice {

/// The API version this front door answers.
inline constexpr std::string_view kIceVersion = "2020-11-09";

/// True for the actions this front door answers: SubmitSnapshotJob, GetSnapshotJob, GetSnapshotUrls and
/// ListSnapshotJobs.
bool is_ice_action(std::string_view action);

/// True when `request` is unmistakably ICE's: path "/" with Version=2020-11-09, or with both RPC signing
/// parameters AccessKeyId and SignatureVersion (in the query, or in a POST's form body); or a path under
/// /oss/.
bool is_ice_request(const ApiRequest& request);

class IceFrontDoor : public SyncFrontDoor {
 public:
  /// `settings` with public_base_url set and the output bucket's folder absolute.
  IceFrontDoor(IceSettings settings, VendorDeps deps);

  bool accepts(const ApiRequest& request) const override;
  ApiResponse answer(const ApiRequest& request) override;
  std::optional<tasks::CallbackDelivery> compose_notification(const tasks::TaskRecord& record) const override;

 private:
  struct Call;
  ApiResponse rpc(const ApiRequest& request);
  ApiResponse submit(const Call& call);
  ApiResponse get_job(const Call& call);
  ApiResponse get_urls(const Call& call);
  ApiResponse list_jobs(const Call& call);
  ApiResponse serve_object(const ApiRequest& request);
  // The caller's task `job_id`, or the error to answer.
  tg::Result<tasks::TaskRecord, IceError> owned_task(const Call& call, const std::string& job_id);
  std::string object_url(const std::string& key, const IceAccessKey& access_key, int64_t expires_s) const;

  IceSettings settings_;
  VendorDeps deps_;
  IceAuthenticator authenticator_;
};

}  // namespace tg::adapters::aliyun_ice
