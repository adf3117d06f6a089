#pragma once
// Tencent VOD v2 bodies: {code, message, codeDesc, ...} answers, GetTaskInfo, and the v4.0 event
// notifications (CreateImageSpriteComplete, CreateSnapshotByTimeOffsetComplete) of a finished task.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/tencent_vod/vod_error.hpp"
#include "adapters/tencent_vod/vod_settings.hpp"
#include "core/api_message.hpp"
#include "tasks/task.hpp"

namespace tg::adapters::tencent_vod {

class VodRenderer {
 public:
  /// `settings` must outlive the renderer (public_base_url builds the output URLs).
  explicit VodRenderer(const VodSettings& settings);

  /// {"code":0,"message":"","codeDesc":"Success","vodTaskId":…} with HTTP 200.
  ApiResponse render_submitted(const std::string& task_id) const;

  /// {"code":n,"message":…,"codeDesc":…} with HTTP 200.
  ApiResponse render_error(const VodError& error) const;

  /// GetTaskInfo for a task of this front door; `total_count` is the sprite's cell count (cues in its vtt).
  ApiResponse render_task_info(const tasks::TaskRecord& record, int total_count) const;

  /// The v4.0 event body for a finished task; nullopt when it is not finished or not one of ours.
  std::optional<std::string> render_event(const tasks::TaskRecord& record, int total_count) const;

  /// <public_base_url>/outputs/<task id>/<output name>
  std::string output_url(const std::string& task_id, const std::string& output_name) const;

 private:
  const VodSettings& settings_;
};

/// "YYYY-MM-DD hh:mm:ss" in UTC of a Unix time in milliseconds; "" for 0 (not happened yet).
std::string v2_time(int64_t unix_ms);

/// The template id kept in the task's extra JSON; 0 when absent.
uint32_t task_definition(const tasks::TaskRecord& record);

}  // namespace tg::adapters::tencent_vod
