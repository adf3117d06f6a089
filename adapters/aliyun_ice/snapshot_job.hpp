#pragma once
// From an ICE template (after OverwriteParams) and the Output object key to the engine job a worker runs:
// which frames, what size, which names. The naming rules are ICE's: several Normal images need "{Count}"
// in the object, sprites "{TileCount}", WebVTT objects end ".vtt"; both placeholders become a 1-based
// number padded to 5 digits (00001, 00002, ...).

#include <string>

#include "adapters/aliyun_ice/ice_error.hpp"
#include "adapters/aliyun_ice/snapshot_template.hpp"
#include "core/result.hpp"
#include "tasks/job.hpp"

namespace tg::adapters::aliyun_ice {

struct PlannedJob {
  SnapshotType type = SnapshotType::kNormal;
  tasks::Job job;          // name_pattern set; output_dir left to the caller
  std::string folder_key;  // the object key's folder part ("" or "a/b"), where the files land in the bucket
  int count = 1;           // images (Normal) or tiles asked for; 0 = as many as the duration gives
};

/// Cells of a sprite when neither SpriteSnapshotConfig nor Width/Height give a size.
inline constexpr int kDefaultCellWidth = 160;
inline constexpr int kDefaultCellHeight = 90;
inline constexpr int kDefaultGrid = 10;
inline constexpr int kDefaultSpriteIntervalS = 10;
/// The black filter's defaults when only one of BlackLevel / PixelBlackThreshold is given.
inline constexpr int kDefaultPixelBlackThreshold = 30;
inline constexpr int kDefaultBlackLevel = 99;

/// The job for `t` writing to `output_object` (a safe object key); InvalidParameter when the name breaks
/// the naming rules or the fields do not make a job.
tg::Result<PlannedJob, IceError> plan_job(const SnapshotTemplate& t, const std::string& output_object);

}  // namespace tg::adapters::aliyun_ice
