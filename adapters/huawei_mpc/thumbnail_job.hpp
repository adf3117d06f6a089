#pragma once
// The engine work of a Huawei thumbnail request, one shape for every front door that speaks Huawei: the
// MPC API (POST /v1/{project_id}/thumbnails) and the ZEGO API's Vendor=Huawei. The same interval (or the
// same time points) and image settings give the same engine request, hence the same images.

#include <cstdint>
#include <vector>

#include "engine/engine.hpp"
#include "tasks/job.hpp"

namespace tg::adapters::huawei_mpc {

/// Huawei's image size rule: width and/or height when given (the other follows the aspect ratio),
/// otherwise the longer side at most `max_length` (0 = source size).
engine::ImageOptions huawei_image(int width, int height, int max_length, engine::ImageFormat format);

/// Interval sampling (MPC type TIME, ZEGO SampleSnapshot): an image every `interval_ms` from `start_ms`,
/// `count` of them (0 = to the end of the stream).
struct IntervalSampling {
  int64_t interval_ms = 12000;
  int64_t start_ms = 0;
  int count = 0;
  engine::ImageOptions image;
  engine::BlackFilter black;
};

tasks::SampleJob huawei_interval_job(const IntervalSampling& sampling);

/// Time points (MPC type DOTS, ZEGO SnapshotByTimeOffset), in milliseconds, in request order.
tasks::SnapshotJob huawei_dots_job(const std::vector<int64_t>& offsets_ms, const engine::ImageOptions& image,
                                   const engine::BlackFilter& black = {});

}  // namespace tg::adapters::huawei_mpc
