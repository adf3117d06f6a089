#pragma once
// How much a job will make, when that can be told before it runs, and the per-task output limits.

#include <cstdint>
#include <optional>
#include <string>

#include "tasks/job.hpp"

namespace tg::tasks {

struct OutputLimits {
  int64_t max_images = 1000;            // images and sprite pages per task
  int64_t max_bytes = int64_t{1} << 30; // bytes of all of a task's files
};

/// The number of images `job` makes when the request alone says it (time points, a sample count, a
/// percent interval); nullopt when it depends on the media's duration.
std::optional<int64_t> planned_image_count(const Job& job);

/// Why `job` is refused before it runs under `limits`, or nullopt.
std::optional<std::string> exceeds_limits(const Job& job, const OutputLimits& limits);

}  // namespace tg::tasks
