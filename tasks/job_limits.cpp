#include "tasks/job_limits.hpp"

#include <algorithm>
#include <cmath>

namespace tg::tasks {

std::optional<int64_t> planned_image_count(const Job& job) {
  if (const auto* snapshot = std::get_if<SnapshotJob>(&job.params)) {
    return static_cast<int64_t>(snapshot->times.size());
  }
  if (const auto* sample_job = std::get_if<SampleJob>(&job.params)) {
    const engine::SampleRequest& sample = sample_job->request;
    std::optional<int64_t> by_percent;
    // Samples at start, start + interval, ... up to 100 %.
    if (sample.percent && sample.interval > 0) {
      by_percent = static_cast<int64_t>(std::floor(100.0 / sample.interval + 1e-9)) + 1;
    }
    if (sample.count > 0) return by_percent ? std::min<int64_t>(*by_percent, sample.count) : sample.count;
    return by_percent;
  }
  return std::nullopt;  // sprites: as many tiles as the duration gives
}

std::optional<std::string> exceeds_limits(const Job& job, const OutputLimits& limits) {
  auto planned = planned_image_count(job);
  if (planned && *planned > limits.max_images) {
    return "the request makes " + std::to_string(*planned) + " images; a task makes at most " +
           std::to_string(limits.max_images);
  }
  return std::nullopt;
}

}  // namespace tg::tasks
