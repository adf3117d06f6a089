#include "adapters/tencent_vod/vod_front_door.hpp"

#include <algorithm>

#include "adapters/common/store_failure.hpp"
#include "adapters/common/param_limits.hpp"
#include "adapters/common/query_string.hpp"
#include "adapters/common/task_submission.hpp"

namespace tg::adapters::tencent_vod {

namespace {

bool is_form(const ApiRequest& request) {
  const std::string type = request.header("content-type").value_or("");
  return type.rfind("application/x-www-form-urlencoded", 0) == 0;
}

VodError file_error(tasks::ResolveError error, const std::string& file_id) {
  switch (error) {
    case tasks::ResolveError::kInvalid: return invalid_parameter("fileId " + file_id + " is not a valid file id");
    case tasks::ResolveError::kNotFound: return invalid_parameter("fileId " + file_id + " does not exist");
    case tasks::ResolveError::kStore: break;
  }
  return VodError{vod_code::kInternal, "internal error: the media table could not be read"};
}

}  // namespace

VodFrontDoor::VodFrontDoor(VodSettings settings, VendorDeps deps)
    : settings_(std::move(settings)), deps_(std::move(deps)), authenticator_(settings_, deps_.admission),
      renderer_(settings_) {}

bool VodFrontDoor::accepts(const ApiRequest& request) const {
  return request.path == kV2Path;
}

ApiResponse VodFrontDoor::answer(const ApiRequest& request) {
  if (request.method != "GET" && request.method != "POST") {
    ApiResponse refused = renderer_.render_error(invalid_request(
        "method " + request.method + " is not allowed: use GET with a query or POST with a form body"));
    refused.status = 405;
    refused.headers.emplace_back("Allow", "GET, POST");
    return refused;
  }
  if (!request.decode_error.empty()) return renderer_.render_error(invalid_request(request.decode_error));
  const bool form = request.method == "POST" && is_form(request);
  // Counted before the body is decoded: a form of many thousand fields costs one pass to refuse.
  const ParamLimits limits;
  const std::size_t count = request.query.size() + (form ? count_query_pairs(request.body) : 0);
  if (count > limits.max_params) {
    return renderer_.render_error(invalid_request(too_many_params_message(count, limits)));
  }
  signing::Params params = request.query;
  if (form) {
    auto fields = parse_query(request.body);
    if (!fields) return renderer_.render_error(invalid_request("the form body has a malformed %-escape"));
    params.insert(params.end(), fields->begin(), fields->end());
  }
  if (auto too_big = param_limit_error(params, limits)) return renderer_.render_error(invalid_request(*too_big));
  const std::string host = request.header("host").value_or("");
  // Only authenticated calls that are not replays count against the SecretId's quota, and a refused call does not.
  auto secret = authenticator_.authenticate(request.method, host, params, deps_.clock.now_ms());
  if (!secret) return renderer_.render_error(secret.error());
  auto action = parse_action(params);
  if (!action) return renderer_.render_error(action.error());
  ApiResponse answered = [&] {
    switch (*action) {
      case VodAction::kCreateImageSprite: return create_sprite(request, params, **secret);
      case VodAction::kCreateSnapshotByTimeOffset: return create_snapshot(request, params, **secret);
      case VodAction::kGetTaskInfo: return task_info(params, **secret);
    }
    return renderer_.render_error(invalid_request("unsupported Action"));
  }();
  answered.log_fields.emplace_back("app", (*secret)->secret_id);
  return answered;
}

ApiResponse VodFrontDoor::create_sprite(const ApiRequest& request, const signing::Params& params,
                                        const VodSecret& secret) {
  auto parsed = parse_create_image_sprite(params, settings_);
  if (!parsed) return renderer_.render_error(parsed.error());
  auto input = deps_.resolver.resolve_file_id(parsed->file_id);
  if (!input) return renderer_.render_error(file_error(input.error(), parsed->file_id));
  return queue(request, VodAction::kCreateImageSprite,
               build_sprite_spec(*parsed, secret, std::move(*input), settings_));
}

ApiResponse VodFrontDoor::create_snapshot(const ApiRequest& request, const signing::Params& params,
                                          const VodSecret& secret) {
  auto parsed = parse_create_snapshot(params, settings_);
  if (!parsed) return renderer_.render_error(parsed.error());
  auto input = deps_.resolver.resolve_file_id(parsed->file_id);
  if (!input) return renderer_.render_error(file_error(input.error(), parsed->file_id));
  return queue(request, VodAction::kCreateSnapshotByTimeOffset,
               build_snapshot_spec(*parsed, secret, std::move(*input), settings_));
}

ApiResponse VodFrontDoor::queue(const ApiRequest& request, VodAction action, tasks::TaskSpec spec) {
  auto queued = submit_task(deps_, new_task_id(action, deps_.clock.now_ms()), std::move(spec), request);
  if (!queued) {
    switch (queued.error().kind) {
      case SubmitRefusal::Kind::kLimits: return renderer_.render_error(invalid_parameter(queued.error().message));
      case SubmitRefusal::Kind::kStore:
        return renderer_.render_error(VodError{vod_code::kInternal, "internal error: " + queued.error().message});
      case SubmitRefusal::Kind::kQueueFull:
        return renderer_.render_error(
            VodError{vod_code::kInternal, "internal error: the task queue is full, try again later"});
      case SubmitRefusal::Kind::kAppShareFull:
        return renderer_.render_error(VodError{
            vod_code::kQuotaExceeded, "request quota exceeded: this SecretId already has " +
                                          std::to_string(queued.error().queued) +
                                          " tasks waiting, the most one key may queue; try again later"});
    }
  }
  ApiResponse submitted = renderer_.render_submitted(queued->id);
  submitted.log_fields.emplace_back("task_id", queued->id);
  return submitted;
}

ApiResponse VodFrontDoor::task_info(const signing::Params& params, const VodSecret& secret) {
  auto task_id = parse_get_task_info(params);
  if (!task_id) return renderer_.render_error(task_id.error());
  auto found = deps_.store.get(*task_id);
  if (!found) {
    return renderer_.render_error(
        VodError{vod_code::kInternal, "internal error: " + store_failure(found.error(), "read a task")});
  }
  // Another SecretId's task (or another front door's) answers exactly like an unknown one.
  if (!*found || (*found)->spec.api != "tencent_vod" || (*found)->spec.app_id != secret.secret_id) {
    return renderer_.render_error(VodError{vod_code::kTaskNotFound, "task " + *task_id + " does not exist"});
  }
  ApiResponse described = renderer_.render_task_info(**found, sprite_cell_count(**found));
  described.log_fields.emplace_back("task_id", *task_id);
  return described;
}

int VodFrontDoor::sprite_cell_count(const tasks::TaskRecord& record) const {
  if (record.status != tasks::TaskStatus::kSucceeded) return 0;
  // The cues the worker wrote into the index, stored with the task: no file is read on an HTTP thread.
  for (const tasks::TaskOutput& out : record.outputs) {
    if (out.kind == "vtt") return std::max(out.entries, 0);
  }
  return 0;
}

std::optional<tasks::CallbackDelivery> VodFrontDoor::compose_notification(const tasks::TaskRecord& record) const {
  if (record.spec.api != "tencent_vod" || settings_.event_url.empty()) return std::nullopt;
  auto body = renderer_.render_event(record, sprite_cell_count(record));
  if (!body) return std::nullopt;
  tasks::CallbackDelivery delivery;
  delivery.task_id = record.id;
  delivery.url = settings_.event_url;
  delivery.body = std::move(*body);
  delivery.content_type = "application/json";
  return delivery;
}

}  // namespace tg::adapters::tencent_vod
