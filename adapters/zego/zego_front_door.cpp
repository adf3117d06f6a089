#include "adapters/zego/zego_front_door.hpp"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <utility>

#include "adapters/common/store_failure.hpp"
#include "adapters/common/task_submission.hpp"
#include "adapters/zego/zego_file_error.hpp"
#include "adapters/zego/zego_request_parser.hpp"
#include "adapters/common/param_limits.hpp"
#include "core/random_id.hpp"

namespace tg::adapters::zego {

ZegoFrontDoor::ZegoFrontDoor(ZegoSettings settings, VendorDeps deps)
    : settings_(std::move(settings)), deps_(std::move(deps)), authenticator_(settings_, deps_.admission),
      renderer_(settings_) {}

bool ZegoFrontDoor::accepts(const ApiRequest& request) const {
  if (request.path != "/") return false;
  if (!request.decode_error.empty()) {
    // The query did not decode; it is still ours to answer (with Code 2) if it names our Action.
    return request.raw_query.find("Action=MediaThumbnails") != std::string::npos ||
           request.raw_query.find("Action=DescribeMediaTask") != std::string::npos;
  }
  auto action = request.query_value("Action");
  return action && (*action == "MediaThumbnails" || *action == "DescribeMediaTask");
}

void ZegoFrontDoor::handle(ApiRequest request, Respond respond) {
  const std::string request_id = random_hex(8);
  if (request.method != "GET" && request.method != "POST") {
    ApiResponse refused = renderer_.render_error(
        {ZegoCode::kParam, "method " + request.method + " is not allowed: use GET (or POST with the query)"},
        request_id);
    refused.status = 405;
    refused.headers.emplace_back("Allow", "GET, POST");
    return respond(std::move(refused));
  }
  if (!request.decode_error.empty()) {
    return respond(renderer_.render_error({ZegoCode::kParam, request.decode_error}, request_id));
  }
  if (auto too_big = param_limit_error(request.query)) {
    return respond(renderer_.render_error({ZegoCode::kParam, *too_big}, request_id));
  }
  // Only authenticated calls that are not replays count against the AppId's rate, and a refused call does not.
  auto app = authenticator_.authenticate(request, deps_.clock.now_ms());
  if (!app) return respond(renderer_.render_error(app.error(), request_id));
  auto action = parse_action(request);
  if (!action) return respond(renderer_.render_error(action.error(), request_id));
  Answered answered = [respond = std::move(respond), app_id = (*app)->app_id, request_id](ApiResponse response) {
    response.log_fields.emplace_back("app", app_id);
    response.log_fields.emplace_back("vendor_request_id", request_id);
    respond(std::move(response));
  };
  if (*action == ZegoAction::kMediaThumbnails) return submit(request, **app, request_id, std::move(answered));
  answered(describe(request, **app, request_id));
}

ApiResponse ZegoFrontDoor::answer(const ApiRequest& request) {
  std::mutex mutex;
  std::condition_variable ready;
  std::optional<ApiResponse> response;
  handle(request, [&](ApiResponse r) {
    std::lock_guard lock(mutex);
    response.emplace(std::move(r));
    ready.notify_one();
  });
  std::unique_lock lock(mutex);
  ready.wait(lock, [&response] { return response.has_value(); });
  return std::move(*response);
}

void ZegoFrontDoor::submit(const ApiRequest& request, const ZegoApp& app, const std::string& request_id,
                           Answered answered) {
  auto parsed = parse_thumbnails(request, app, settings_);
  if (!parsed) return answered(renderer_.render_error(parsed.error(), request_id));
  // Huawei names an object path; Tencent a media-table id (or a relative path).
  auto input = parsed->vendor == Vendor::kHuawei ? deps_.resolver.resolve_path(parsed->file_id)
                                                       : deps_.resolver.resolve_file_id(parsed->file_id);
  if (!input) return answered(renderer_.render_error(file_error(input.error(), parsed->file_id), request_id));
  tasks::TaskSpec spec = build_task_spec(*parsed, app, std::move(*input), request_id);
  submit_task_then(deps_, new_task_id(parsed->vendor, app, deps_.clock.now_ms()), std::move(spec), request,
                   [this, request_id, answered = std::move(answered)](Submitted queued) {
                     answered(submitted(queued, request_id));
                   });
}

ApiResponse ZegoFrontDoor::submitted(const Submitted& queued, const std::string& request_id) const {
  if (!queued) {
    switch (queued.error().kind) {
      case SubmitRefusal::Kind::kLimits:
        return renderer_.render_error({ZegoCode::kParam, queued.error().message}, request_id);
      case SubmitRefusal::Kind::kStore:
        return renderer_.render_error(internal_error(queued.error().message), request_id);
      case SubmitRefusal::Kind::kQueueFull:
        return renderer_.render_error(internal_error("the task queue is full, try again later"), request_id);
      case SubmitRefusal::Kind::kAppShareFull:
        return renderer_.render_error(
            internal_error("this AppId already has " + std::to_string(queued.error().queued) +
                           " tasks waiting, the most one app may queue; try again later"),
            request_id);
    }
  }
  ApiResponse response = renderer_.render_submitted(*queued, request_id);
  response.log_fields.emplace_back("task_id", queued->id);
  return response;
}

ApiResponse ZegoFrontDoor::describe(const ApiRequest& request, const ZegoApp& app,
                                   const std::string& request_id) {
  auto parsed = parse_describe(request);
  if (!parsed) return renderer_.render_error(parsed.error(), request_id);
  auto found = deps_.store.get(parsed->task_id);
  if (!found) return renderer_.render_error(internal_error(store_failure(found.error(), "read a task")), request_id);
  const tasks::TaskRecord* record = nullptr;
  // Another AppId's task (or another vendor's) answers exactly like an unknown one.
  if (*found && visible_to(**found, app.app_id, parsed->vendor)) record = &**found;
  ApiResponse described = renderer_.render_task(record, parsed->vendor, parsed->task_id, request_id);
  described.log_fields.emplace_back("task_id", parsed->task_id);
  return described;
}

std::optional<tasks::CallbackDelivery> ZegoFrontDoor::compose_notification(const tasks::TaskRecord& record) const {
  if (record.spec.api != "zego") return std::nullopt;
  const ZegoApp* app = settings_.find_app(record.spec.app_id);
  if (!app) return std::nullopt;
  return renderer_.render_callback(record, *app, deps_.clock.now_s(), random_hex(8));
}

}  // namespace tg::adapters::zego
