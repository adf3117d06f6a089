#pragma once
// MPC thumbnail requests, validated: what CreateThumbnailsTask, ListThumbnailsTask and
// CancelThumbnailsTask carry once every field is known to be in range.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tasks/task_status.hpp"

namespace tg::adapters::huawei_mpc {

/// ObsObjInfo: a bucket, its region and an object key (input) or folder prefix (output).
struct ObsObject {
  std::string bucket;
  std::string location;
  std::string object;
};

enum class ThumbnailType { kTime, kDots, kDotsMs };

/// "TIME", "DOTS", "DOTS_MS".
const char* thumbnail_type_name(ThumbnailType type);

struct ThumbnailPara {
  ThumbnailType type = ThumbnailType::kTime;
  int64_t interval_s = 12;   // TIME: `time`, 1..100
  int64_t start_s = 0;       // TIME: `start_time`
  int64_t duration_s = 0;    // TIME: `duration`; 0 = to the end
  std::vector<int64_t> dots_ms;  // DOTS (`dots`, whole seconds) and DOTS_MS (`dots_ms`), in request order
  std::string output_filename;   // "" = the time point alone names each image
  int width = 0;
  int height = 0;
  int max_length = 480;
  std::optional<int> amount;     // black-frame filter: share (1..100) of black pixels that makes a frame black
  std::optional<int> threshold;  // black-frame filter: luma (0..255) below which a pixel is black
};

struct CreateThumbnailsRequest {
  ObsObject input;
  ObsObject output;
  std::string user_data;
  ThumbnailPara para;
  bool tar = false;           // `tar` 0: one tar archive of every image
  bool sync = false;          // `sync` 1: answer when the image is made (one time point)
  bool original_dir = false;  // `original_dir` 1: outputs straight under output.object, no task folder
};

struct ListThumbnailsRequest {
  std::vector<std::string> task_ids;  // at most 10; when given, the times below are ignored
  std::optional<tasks::TaskStatus> status;
  std::optional<int64_t> start_ms;  // created at or after (start_time, yyyymmddhhmmss UTC)
  std::optional<int64_t> end_ms;    // created at or before (end_time)
  int page = 0;
  int size = 10;
};

struct CancelThumbnailsRequest {
  std::string task_id;
};

}  // namespace tg::adapters::huawei_mpc
