#pragma once
// Tencent VOD v2 request parameters -> what to do: the Action, a validated CreateImageSprite /
// CreateSnapshotByTimeOffset submission or a GetTaskInfo lookup, and the TaskSpec a submission queues.

#include <cstdint>
#include <string>
#include <vector>

#include "adapters/tencent_vod/vod_error.hpp"
#include "adapters/tencent_vod/vod_settings.hpp"
#include "core/result.hpp"
#include "signing/params.hpp"
#include "tasks/task.hpp"

namespace tg::adapters::tencent_vod {

enum class VodAction { kCreateImageSprite, kCreateSnapshotByTimeOffset, kGetTaskInfo };

/// "CreateImageSprite", "CreateSnapshotByTimeOffset" or "GetTaskInfo".
const char* action_name(VodAction action);

struct SpriteSubmission {
  std::string file_id;
  uint32_t definition = 0;
  SpriteTemplate sprite;
};

struct SnapshotSubmission {
  std::string file_id;
  uint32_t definition = 0;
  SnapshotTemplate snapshot;
  std::vector<int64_t> offsets_ms;  // in timeOffset.N order (N ascending), repeats dropped
};

/// The Action parameter; 4000 when missing or not one of the three.
tg::Result<VodAction, VodError> parse_action(const signing::Params& params);

/// fileId + definition (an image-sprite template); 1000 when missing or wrong.
tg::Result<SpriteSubmission, VodError> parse_create_image_sprite(const signing::Params& params,
                                                                 const VodSettings& settings);

/// fileId + definition (a time-point template) + timeOffset.N (0-based N, integer milliseconds);
/// 1000 when missing or wrong.
tg::Result<SnapshotSubmission, VodError> parse_create_snapshot(const signing::Params& params,
                                                               const VodSettings& settings);

/// The vodTaskId of GetTaskInfo; 1000 when missing or malformed.
tg::Result<std::string, VodError> parse_get_task_info(const signing::Params& params);

/// The sprite task: sheets named imageSprite_<definition>_<page>.<ext> plus imageSprite_<definition>.vtt.
tasks::TaskSpec build_sprite_spec(const SpriteSubmission& submission, const VodSecret& secret,
                                  std::string resolved_input, const VodSettings& settings);

/// The time-point task: images named timeOffsetSnapshot_<definition>_<ms>.<ext>.
tasks::TaskSpec build_snapshot_spec(const SnapshotSubmission& submission, const VodSecret& secret,
                                    std::string resolved_input, const VodSettings& settings);

/// A fresh vodTaskId made at now_ms: "<Action>-" + 32 hex digits, the time then 80 random bits
/// (core/random_id.hpp time_ordered_hex).
std::string new_task_id(VodAction action, int64_t now_ms);

}  // namespace tg::adapters::tencent_vod
