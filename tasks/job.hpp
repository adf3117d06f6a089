#pragma once
// The engine work a task asks for, in a form that is stored with the task (JSON) and replayed by a worker.

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "engine/engine.hpp"

namespace tg::tasks {

enum class JobKind { kSnapshot, kSample, kSprite };

struct Job {
  JobKind kind = JobKind::kSnapshot;
  engine::SnapshotRequest snapshot;  // when kind == kSnapshot
  engine::SampleRequest sample;      // when kind == kSample
  engine::SpriteRequest sprite;      // when kind == kSprite
  // Output file name inside the task's folder. Placeholders: {n} 0-based index, {ms} requested time in
  // milliseconds, {s} requested time in whole seconds. Sprites: {n} is the 1-based page number.
  std::string name_pattern = "{n}.jpg";
  std::string vtt_name;  // sprites: the WebVTT file's name, e.g. "sprite.vtt"; empty = none
};

/// JSON text of `job` (stable field names; stored in the task table).
std::string encode_job(const Job& job);
/// Parses what encode_job wrote; the error says which field is wrong.
tg::Result<Job, std::string> decode_job(std::string_view json);

}  // namespace tg::tasks
