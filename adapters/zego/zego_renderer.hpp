#pragma once
// Task records and errors -> ZEGO response bodies, and a finished task -> the `snapshot` callback.

#include <cstdint>
#include <optional>
#include <string>

#include "adapters/zego/zego_error.hpp"
#include "adapters/zego/zego_settings.hpp"
#include "core/api_message.hpp"
#include "tasks/task.hpp"

namespace tg::adapters::zego {

class ZegoRenderer {
 public:
  /// `settings` must outlive the renderer (public_base_url builds the image URLs).
  explicit ZegoRenderer(const ZegoSettings& settings);

  /// MediaThumbnails success: Data.Tencent{TaskId, RequestId} or Data.Huawei{task_id}.
  ApiResponse render_submitted(const tasks::TaskRecord& record, const std::string& request_id) const;

  /// DescribeMediaTask answer for `record` (nullptr = no such task visible to the caller): Tencent
  /// -> Code 2 "TaskId does not exist", Huawei -> Code 0 with Status NO_TASK.
  ApiResponse render_task(const tasks::TaskRecord* record, Vendor vendor, const std::string& task_id,
                          const std::string& request_id) const;

  /// {"Code":n,"Message":…,"RequestId":…} with HTTP 200.
  ApiResponse render_error(const ZegoError& error, const std::string& request_id) const;

  /// The `snapshot` callback for a finished task, signed with the app's callback secret; nullopt when the
  /// app has no callback_url or the task is not finished.
  std::optional<tasks::CallbackDelivery> render_callback(const tasks::TaskRecord& record, const ZegoApp& app,
                                                         int64_t now_s, const std::string& nonce) const;

  /// <public_base_url>/outputs/<task id>/<output name>
  std::string output_url(const std::string& task_id, const std::string& output_name) const;

 private:
  const ZegoSettings& settings_;
};

/// UTC `yyyymmddhhmmss` of a Unix time in milliseconds; "" for 0 (not happened yet).
std::string huawei_time(int64_t unix_ms);

/// True when `record` was made by the ZEGO front door in the `vendor` flavour for `app_id`.
bool visible_to(const tasks::TaskRecord& record, const std::string& app_id, Vendor vendor);

}  // namespace tg::adapters::zego
