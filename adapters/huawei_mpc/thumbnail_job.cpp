#include "adapters/huawei_mpc/thumbnail_job.hpp"

namespace tg::adapters::huawei_mpc {

engine::ImageOptions huawei_image(int width, int height, int max_length, engine::ImageFormat format) {
  engine::ImageOptions image;
  image.format = format;
  if (width > 0 || height > 0) {
    image.width = width;
    image.height = height;
  } else {
    image.max_length = max_length;
  }
  return image;
}

tasks::SampleJob huawei_interval_job(const IntervalSampling& sampling) {
  tasks::SampleJob job;
  job.request.interval = static_cast<double>(sampling.interval_ms) / 1000.0;
  job.request.percent = false;
  job.request.start_s = static_cast<double>(sampling.start_ms) / 1000.0;
  job.request.count = sampling.count;
  job.request.mode = engine::SeekMode::kExact;
  job.request.image = sampling.image;
  job.request.black = sampling.black;
  return job;
}

tasks::SnapshotJob huawei_dots_job(const std::vector<int64_t>& offsets_ms, const engine::ImageOptions& image,
                                   const engine::BlackFilter& black) {
  tasks::SnapshotJob job;
  for (int64_t ms : offsets_ms) job.times.push_back(tasks::RequestedTime::at_ms(ms));
  job.mode = engine::SeekMode::kExact;
  job.image = image;
  job.black = black;
  return job;
}

}  // namespace tg::adapters::huawei_mpc
