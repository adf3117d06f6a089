// The config loader (gateway parse_config): any text either fails with a message naming what is wrong or
// gives settings that the rest of the gateway can use as they are: every template the file accepts is one
// the engine accepts too (otherwise every task using it would fail at run time).

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "adapters/tencent_vod/vod_request_parser.hpp"
#include "adapters/zego/zego_request_parser.hpp"
#include "engine/request_checks.hpp"
#include "engine/sampling_plan.hpp"
#include "engine/sprite_layout.hpp"
#include "gateway/config.hpp"
#include "support/fuzz_check.hpp"

namespace vod = tg::adapters::tencent_vod;
namespace zego = tg::adapters::zego;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto config = tg::gateway::parse_config({reinterpret_cast<const char*>(data), size});
  if (!config) {
    FUZZ_CHECK(!config.error().empty());
    return 0;
  }
  const tg::gateway::Config& c = *config;
  const auto& zego_settings = c.vendor<zego::ZegoSettings>("zego");
  const auto& vod_settings = c.vendor<vod::VodSettings>("tencent_vod");
  FUZZ_CHECK(c.workers >= 0);
  FUZZ_CHECK(!c.listen.empty());
  for (const zego::ZegoApp& app : zego_settings.apps) {
    FUZZ_CHECK(!app.app_id.empty());
    FUZZ_CHECK(app.requests_per_second > 0);
  }

  // Tencent time-point templates -> the snapshot images the engine makes.
  for (const auto& [id, t] : zego_settings.snapshot_templates) {
    zego::ThumbnailsRequest request;
    request.vendor = zego::Vendor::kTencent;
    request.file_id = "clip.mp4";
    request.definition = id;
    request.offsets_ms = {1000};
    request.snapshot_template = t;
    zego::ZegoApp app;
    app.app_id = "1";
    const tg::tasks::TaskSpec spec = zego::build_task_spec(request, app, "/media/clip.mp4", "r");
    FUZZ_CHECK(tg::engine::check_image_options(spec.job.as<tg::tasks::SnapshotJob>().image).ok());
  }
  // Tencent sampled templates -> the sampling plan and images.
  for (const auto& [id, t] : zego_settings.sample_templates) {
    zego::ThumbnailsRequest request;
    request.vendor = zego::Vendor::kTencent;
    request.type = zego::SnapshotType::kSample;
    request.file_id = "clip.mp4";
    request.definition = id;
    request.sample_template = t;
    zego::ZegoApp app;
    app.app_id = "1";
    const tg::tasks::TaskSpec spec = zego::build_task_spec(request, app, "/media/clip.mp4", "r");
    FUZZ_CHECK(tg::engine::check_image_options(spec.job.as<tg::tasks::SampleJob>().request.image).ok());
    FUZZ_CHECK(tg::engine::sampling_times(spec.job.as<tg::tasks::SampleJob>().request, 3600).ok());
  }
  // Huawei defaults.
  tg::engine::ImageOptions huawei;
  huawei.max_length = zego_settings.huawei.max_length;
  huawei.format = zego_settings.huawei.format;
  FUZZ_CHECK(tg::engine::check_image_options(huawei).ok());
  // Image-sprite templates -> the sprite pages the engine lays out.
  for (const auto& [id, t] : vod_settings.sprite_templates) {
    vod::SpriteSubmission submission{"clip.mp4", id, t};
    const tg::tasks::TaskSpec spec = vod::build_sprite_spec(submission, vod_settings.secrets.empty()
                                                                            ? vod::VodSecret{}
                                                                            : vod_settings.secrets.front(),
                                                            "/media/clip.mp4", vod_settings);
    auto times = tg::engine::sampling_times(spec.job.as<tg::tasks::SpriteJob>().request.sampling, 60);
    FUZZ_CHECK(times.ok());
    FUZZ_CHECK(tg::engine::layout_sprite(spec.job.as<tg::tasks::SpriteJob>().request, *times, 60).ok());
  }
  return 0;
}
