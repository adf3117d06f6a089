// The ZEGO front door's request handling short of the task store: authentication
// (adapters/zego/zego_authenticator), MediaThumbnails / DescribeMediaTask parsing
// (adapters/zego/zego_request_parser), the task it would queue, and the error it would answer with.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "adapters/common/call_admission.hpp"
#include "adapters/common/sliding_window_limiter.hpp"
#include "adapters/zego/zego_authenticator.hpp"
#include "adapters/zego/zego_renderer.hpp"
#include "adapters/zego/zego_request_parser.hpp"
#include "signing/nonce_cache.hpp"
#include "support/fuzz_check.hpp"
#include "support/fuzz_request.hpp"
#include "tasks/job.hpp"

namespace zego = tg::adapters::zego;

namespace {

constexpr int64_t kNow = 1'615'186'943;

const zego::ZegoSettings& settings() {
  static const zego::ZegoSettings s = [] {
    zego::ZegoSettings out;
    zego::ZegoApp app;
    app.app_id = "12345";
    app.server_secret = "9193cc662a4c0ec135ec71fb57194b38";
    app.callback_url = "http://127.0.0.1:9/callback";
    app.callback_secret = "callback-secret";
    out.apps.push_back(app);
    zego::ZegoApp huawei_only = app;
    huawei_only.app_id = "777";
    huawei_only.vendors = {zego::Vendor::kHuawei};
    out.apps.push_back(huawei_only);
    out.public_base_url = "http://127.0.0.1:8080";
    return out;
  }();
  return s;
}

// Every answer is JSON a client can parse, whatever the request echoed into its message.
void check_error(const zego::ZegoError& error) {
  static const zego::ZegoRenderer renderer(settings());
  FUZZ_CHECK(!error.message.empty());
  FUZZ_CHECK(error.code != zego::ZegoCode::kSuccess);
  auto response = renderer.render_error(error, "0123456789abcdef");
  FUZZ_CHECK(tg::fuzz::is_strict_json(response.body));
}

void check_thumbnails(const zego::ThumbnailsRequest& request, const zego::ZegoApp& app) {
  FUZZ_CHECK(!request.file_id.empty());
  FUZZ_CHECK(app.allows(request.vendor));
  if (request.type == zego::SnapshotType::kTimeOffset) {
    FUZZ_CHECK(!request.offsets_ms.empty() && request.offsets_ms.size() <= settings().max_offsets);
    for (std::size_t i = 0; i < request.offsets_ms.size(); ++i) {
      FUZZ_CHECK(request.offsets_ms[i] >= 0);
      for (std::size_t j = 0; j < i; ++j) FUZZ_CHECK(request.offsets_ms[i] != request.offsets_ms[j]);
    }
  }
  // What is queued is what a worker can read back: a job that does not decode is a task lost.
  const tg::tasks::TaskSpec spec = zego::build_task_spec(request, app, "/media/clip.mp4", "0123456789abcdef");
  auto job = tg::tasks::decode_job(tg::tasks::encode_job(spec.job));
  FUZZ_CHECK(job.ok());
  FUZZ_CHECK(job->params.index() == spec.job.params.index());
  FUZZ_CHECK(job->name_pattern == spec.job.name_pattern);
  if (spec.job.is<tg::tasks::SnapshotJob>()) {
    const auto& times = job->as<tg::tasks::SnapshotJob>().times;
    FUZZ_CHECK(times.size() == request.offsets_ms.size());
    for (size_t i = 0; i < times.size() && i < request.offsets_ms.size(); ++i) {
      FUZZ_CHECK(times[i] == tg::tasks::RequestedTime::at_ms(request.offsets_ms[i]));
    }
  }
  const zego::TaskExtra extra = zego::decode_task_extra(spec.extra);
  FUZZ_CHECK(extra.definition == request.definition);
  FUZZ_CHECK(extra.request_id == "0123456789abcdef");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const tg::ApiRequest request = tg::fuzz::request_from_text({reinterpret_cast<const char*>(data), size});

  tg::signing::NonceCache nonces;
  tg::adapters::SlidingWindowLimiter limiter;
  tg::adapters::SeparateCallAdmission admission(nonces, limiter);
  zego::ZegoAuthenticator authenticator(settings(), admission);
  auto app = authenticator.authenticate(request, kNow * 1000);
  if (app) {
    FUZZ_CHECK(*app == &settings().apps[0] || *app == &settings().apps[1]);
    FUZZ_CHECK(!authenticator.authenticate(request, kNow * 1000).ok());  // its nonce is used up
  } else {
    check_error(app.error());
  }

  auto action = zego::parse_action(request);
  if (!action) check_error(action.error());
  for (const zego::ZegoApp& each : settings().apps) {
    auto thumbnails = zego::parse_thumbnails(request, each, settings());
    if (thumbnails) {
      check_thumbnails(*thumbnails, each);
    } else {
      check_error(thumbnails.error());
    }
  }
  auto describe = zego::parse_describe(request);
  if (describe) {
    FUZZ_CHECK(!describe->task_id.empty() && describe->task_id.size() <= 128);
  } else {
    check_error(describe.error());
  }
  // TaskSpec::extra comes back from the database; a damaged one reads as empty fields.
  (void)zego::decode_task_extra(request.body);
  return 0;
}
