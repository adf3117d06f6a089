#pragma once
// MediaThumbnails / DescribeMediaTask query parameters -> validated requests, and a validated
// MediaThumbnails request -> the TaskSpec the task store queues. Pure: no I/O (the gateway resolves
// FileId to an input before build_task_spec).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/zego/zego_error.hpp"
#include "adapters/zego/zego_settings.hpp"
#include "core/api_message.hpp"
#include "core/result.hpp"
#include "tasks/task.hpp"

namespace tg::adapters::zego {

enum class ZegoAction { kMediaThumbnails, kDescribeMediaTask };

/// The Action of a ZEGO request: missing or not one of ours -> Code 2 naming it.
tg::Result<ZegoAction, ZegoError> parse_action(const ApiRequest& request);

enum class SnapshotType { kTimeOffset, kSample };

/// "SnapshotByTimeOffset" or "SampleSnapshot".
const char* snapshot_type_name(SnapshotType type);

struct ThumbnailsRequest {
  Vendor vendor = Vendor::kTencent;
  std::string file_id;
  SnapshotType type = SnapshotType::kTimeOffset;
  std::optional<uint32_t> definition;  // Tencent only
  std::vector<int64_t> offsets_ms;     // SnapshotByTimeOffset: distinct, in request order
  int64_t interval_ms = 0;             // Huawei SampleSnapshot
  // Resolved at parse time so that building the job needs no settings.
  SnapshotTemplate snapshot_template;  // Tencent SnapshotByTimeOffset
  SampleTemplate sample_template;      // Tencent SampleSnapshot
  HuaweiDefaults huawei;               // Huawei
};

/// Validates a MediaThumbnails request for an authenticated `app`: Code 2 for a missing or malformed
/// parameter, 3 when the app has thumbnails off, 4 when the Vendor is not enabled, 5 for an unknown
/// Definition.
tg::Result<ThumbnailsRequest, ZegoError> parse_thumbnails(const ApiRequest& request, const ZegoApp& app,
                                                          const ZegoSettings& settings);

struct DescribeRequest {
  Vendor vendor = Vendor::kTencent;
  std::string task_id;
};

/// Validates a DescribeMediaTask request: TaskId and Vendor present and well formed, else Code 2.
tg::Result<DescribeRequest, ZegoError> parse_describe(const ApiRequest& request);

/// The task to queue for `request`; `resolved_input` is what the engine opens (path or URL).
tasks::TaskSpec build_task_spec(const ThumbnailsRequest& request, const ZegoApp& app,
                                std::string resolved_input, const std::string& request_id);

/// A new task id made at now_ms: 32 hex digits, the time then 80 random bits (core/random_id.hpp
/// time_ordered_hex); Tencent-flavoured ids read "<AppId>-procedurev2-<hex>".
std::string new_task_id(Vendor vendor, const ZegoApp& app, int64_t now_ms);

/// Fields kept in TaskSpec::extra for rendering.
struct TaskExtra {
  std::optional<uint32_t> definition;
  std::string request_id;
};

/// Reads what build_task_spec stored in TaskSpec::extra; missing or unreadable fields stay empty.
TaskExtra decode_task_extra(const std::string& extra);

}  // namespace tg::adapters::zego
