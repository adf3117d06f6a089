#pragma once
// The engine work a task asks for, in a form that is stored with the task (JSON) and replayed by a worker.

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"
#include "engine/engine.hpp"

namespace tg::tasks {

/// One time a snapshot asks for: whole milliseconds from the stream start as the request gave them, or a
/// share of the duration.
struct RequestedTime {
  int64_t offset_ms = 0;  // when !is_percent
  double percent = 0;     // 0..100, when is_percent
  bool is_percent = false;

  static RequestedTime at_ms(int64_t ms) { return RequestedTime{ms, 0, false}; }
  static RequestedTime at_percent(double share) { return RequestedTime{0, share, true}; }
  bool operator==(const RequestedTime&) const = default;
};

/// Images at the requested times, answered in request order.
struct SnapshotJob {
  std::vector<RequestedTime> times;
  engine::SeekMode mode = engine::SeekMode::kExact;
  engine::ImageOptions image;
  engine::BlackFilter black;

  /// The engine's form of this job (times in seconds).
  engine::SnapshotRequest engine_request() const;
};

/// Images every interval.
struct SampleJob {
  engine::SampleRequest request;
};

/// Sprite pages and, when vtt_name is set, the WebVTT index of their tiles.
struct SpriteJob {
  engine::SpriteRequest request;
  std::string vtt_name;  // the WebVTT file's name, e.g. "sprite.vtt"; empty = none
};

using JobParams = std::variant<SnapshotJob, SampleJob, SpriteJob>;

struct Job {
  JobParams params;
  // Output file name inside the task's folder. Placeholders: {n} 0-based index, {ms} requested time in
  // milliseconds, {s} requested time in whole seconds. Sprites: {n} is the 1-based page number.
  std::string name_pattern = "{n}.jpg";
  // The absolute folder the files are written to, chosen by the adapter inside a folder it was configured
  // with (a vendor's output bucket); the task's outputs name files in it. Empty: the task's own folder,
  // data_dir/outputs/<task id>/, removed with the task. Files written elsewhere outlive the task.
  std::string output_dir;

  template <class T>
  bool is() const { return std::holds_alternative<T>(params); }
  template <class T>
  T& as() { return std::get<T>(params); }
  template <class T>
  const T& as() const { return std::get<T>(params); }
};

/// JSON text of `job` (stable field names; stored in the task table).
std::string encode_job(const Job& job);
/// Parses what encode_job writes, and what it wrote before requested times were whole milliseconds
/// ({"value": seconds or percent, "percent": bool}); the error says which field is wrong.
tg::Result<Job, std::string> decode_job(std::string_view json);

}  // namespace tg::tasks
