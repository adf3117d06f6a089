// The Tencent VOD v2 front door's request handling short of the task store: parameters from the query and
// a form body (as gateway/tencent_vod_endpoint reads them), authentication
// (adapters/tencent_vod/vod_authenticator), Action and submission parsing
// (adapters/tencent_vod/vod_request_parser), the task it would queue and the error it would answer with.

#include <cstddef>
#include <cstdint>
#include <string>

#include "adapters/common/call_admission.hpp"
#include "adapters/common/sliding_window_limiter.hpp"
#include "adapters/tencent_vod/vod_authenticator.hpp"
#include "adapters/tencent_vod/vod_renderer.hpp"
#include "adapters/tencent_vod/vod_request_parser.hpp"
#include "adapters/common/query_string.hpp"
#include "signing/nonce_cache.hpp"
#include "support/fuzz_check.hpp"
#include "support/fuzz_request.hpp"
#include "tasks/job.hpp"

namespace vod = tg::adapters::tencent_vod;

namespace {

constexpr int64_t kNow = 1'700'000'000;

const vod::VodSettings& settings() {
  static const vod::VodSettings s = [] {
    vod::VodSettings out;
    out.secrets.push_back(vod::VodSecret{"AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA", "Gu5t9xGARNpq86cd98joQYCN3Cozk1qA", 100});
    out.event_url = "http://127.0.0.1:9/vod-events";
    out.public_base_url = "http://127.0.0.1:8080";
    vod::SpriteTemplate small;
    small.cell_width = 64;
    small.cell_height = 48;
    small.columns = 2;
    small.rows = 3;
    small.interval_s = 2.5;
    small.format = tg::engine::ImageFormat::kPng;
    out.sprite_templates[20] = small;
    return out;
  }();
  return s;
}

void check_error(const vod::VodError& error) {
  static const vod::VodRenderer renderer(settings());
  FUZZ_CHECK(!error.message.empty());
  FUZZ_CHECK(error.code != vod::vod_code::kSuccess);
  FUZZ_CHECK(tg::fuzz::is_strict_json(renderer.render_error(error).body));
}

void check_spec(const tg::tasks::TaskSpec& spec) {
  auto job = tg::tasks::decode_job(tg::tasks::encode_job(spec.job));
  FUZZ_CHECK(job.ok());
  FUZZ_CHECK(job->params.index() == spec.job.params.index());
  FUZZ_CHECK(job->name_pattern == spec.job.name_pattern);
  if (spec.job.is<tg::tasks::SpriteJob>()) {
    FUZZ_CHECK(job->as<tg::tasks::SpriteJob>().vtt_name == spec.job.as<tg::tasks::SpriteJob>().vtt_name);
  }
  if (spec.job.is<tg::tasks::SnapshotJob>()) {
    FUZZ_CHECK(job->as<tg::tasks::SnapshotJob>().times == spec.job.as<tg::tasks::SnapshotJob>().times);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const tg::ApiRequest request = tg::fuzz::request_from_text({reinterpret_cast<const char*>(data), size});
  tg::signing::Params params = request.query;
  if (request.method == "POST" &&
      request.header("content-type").value_or("").rfind("application/x-www-form-urlencoded", 0) == 0) {
    auto form = tg::adapters::parse_query(request.body);
    if (!form) return 0;
    params.insert(params.end(), form->begin(), form->end());
  }

  tg::signing::NonceCache nonces;
  tg::adapters::SlidingWindowLimiter limiter;
  tg::adapters::SeparateCallAdmission admission(nonces, limiter);
  vod::VodAuthenticator authenticator(settings(), admission);
  auto secret = authenticator.authenticate(request.method, request.header("host").value_or(""), params, kNow * 1000);
  if (secret) {
    FUZZ_CHECK(*secret == &settings().secrets[0]);
    FUZZ_CHECK(!authenticator.authenticate(request.method, request.header("host").value_or(""), params, kNow * 1000).ok());
  } else {
    check_error(secret.error());
  }
  const vod::VodSecret& key = settings().secrets[0];

  auto action = vod::parse_action(params);
  if (!action) check_error(action.error());
  if (auto sprite = vod::parse_create_image_sprite(params, settings())) {
    FUZZ_CHECK(!sprite->file_id.empty());
    FUZZ_CHECK(settings().sprite_templates.count(sprite->definition) == 1);
    check_spec(vod::build_sprite_spec(*sprite, key, "/media/clip.mp4", settings()));
  } else {
    check_error(sprite.error());
  }
  if (auto snapshot = vod::parse_create_snapshot(params, settings())) {
    FUZZ_CHECK(!snapshot->offsets_ms.empty() && snapshot->offsets_ms.size() <= settings().max_offsets);
    for (int64_t ms : snapshot->offsets_ms) FUZZ_CHECK(ms >= 0);
    check_spec(vod::build_snapshot_spec(*snapshot, key, "/media/clip.mp4", settings()));
  } else {
    check_error(snapshot.error());
  }
  if (auto task = vod::parse_get_task_info(params)) {
    FUZZ_CHECK(!task->empty() && task->size() <= 128);
  } else {
    check_error(task.error());
  }
  return 0;
}
