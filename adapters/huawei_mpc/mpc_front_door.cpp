#include "adapters/huawei_mpc/mpc_front_door.hpp"

#include <filesystem>

#include "adapters/common/store_failure.hpp"
#include "adapters/common/bucket_object.hpp"
#include "adapters/common/param_limits.hpp"
#include "adapters/common/task_submission.hpp"
#include "adapters/huawei_mpc/mpc_authenticator.hpp"
#include "adapters/huawei_mpc/mpc_renderer.hpp"
#include "adapters/huawei_mpc/mpc_task.hpp"
#include "adapters/huawei_mpc/thumbnail_request_parser.hpp"
#include "core/logger.hpp"
#include "core/path_containment.hpp"

namespace tg::adapters::huawei_mpc {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kPrefix = "/v1/";
constexpr std::string_view kSuffix = "/thumbnails";

ApiResponse internal(const std::string& what) {
  tg::log(LogLevel::kWarn, "huawei_mpc store failure", {{"reason", what}});
  return render_error(MpcError::internal("the task store is unavailable, try again later"));
}

ApiResponse unavailable(const std::string& message) { return render_error(MpcError{503, "MPC.10201", message}); }

}  // namespace

std::optional<std::string> thumbnails_project(std::string_view path) {
  if (!path.starts_with(kPrefix)) return std::nullopt;
  path.remove_prefix(kPrefix.size());
  if (path.ends_with('/')) path.remove_suffix(1);
  if (!path.ends_with(kSuffix)) return std::nullopt;
  path.remove_suffix(kSuffix.size());
  if (path.empty() || path.find('/') != std::string_view::npos) return std::nullopt;
  return std::string(path);
}

MpcFrontDoor::MpcFrontDoor(MpcSettings settings, VendorDeps deps)
    : settings_(std::move(settings)), deps_(std::move(deps)),
      waiter_(deps_.store, deps_.clock, render_sync_result,
              [](const std::string& message) { return internal(message); }, settings_.sync_timeout_ms) {}

bool MpcFrontDoor::accepts(const ApiRequest& request) const {
  return thumbnails_project(request.path).has_value();
}

void MpcFrontDoor::handle(ApiRequest request, Respond respond) {
  if (auto answered = answer(request, respond)) respond(std::move(*answered));
}

std::optional<tasks::CallbackDelivery> MpcFrontDoor::compose_notification(const tasks::TaskRecord&) const {
  return std::nullopt;
}

void MpcFrontDoor::stop() { waiter_.stop(); }

std::optional<ApiResponse> MpcFrontDoor::answer(const ApiRequest& request, Respond& respond) {
  const std::string project_id = *thumbnails_project(request.path);
  if (request.method != "POST" && request.method != "GET" && request.method != "DELETE") {
    ApiResponse refused =
        render_error({405, "MPC.10202", "Invalid request parameter: method " + request.method +
                                            " is not allowed (POST creates, GET queries, DELETE cancels)"});
    refused.headers.emplace_back("Allow", "POST, GET, DELETE");
    return refused;
  }
  if (!request.decode_error.empty()) return render_error(MpcError::invalid_parameter(request.decode_error));
  if (auto too_big = param_limit_error(request.query)) return render_error(MpcError::invalid_parameter(*too_big));
  if (request.body.size() > kMaxBodyBytes) {
    return render_error({413, "MPC.10202",
                         "Invalid request parameter: the body is larger than " + std::to_string(kMaxBodyBytes) +
                             " bytes"});
  }
  auto credential = authenticate(request, project_id, settings_, deps_.clock.now_s());
  if (!credential) return render_error(credential.error());
  // Only authenticated calls reach the limiter, and a refused call does not count.
  switch (deps_.limiter.try_acquire("huawei_mpc:" + (*credential)->access_key, deps_.clock.now_ms(),
                                     settings_.requests_per_second)) {
    case Admission::kAdmitted: break;
    case Admission::kRefused:
      return render_error(MpcError::throttled("at most " + std::to_string(settings_.requests_per_second) +
                                              " calls per second for this access key"));
    case Admission::kUnavailable: return render_error(MpcError::unavailable());
  }
  std::optional<ApiResponse> answered = request.method == "POST"  ? create(request, project_id, respond)
                                       : request.method == "GET" ? list(request, project_id)
                                                                 : cancel(request, project_id);
  if (answered) answered->log_fields.emplace_back("app", project_id);
  return answered;
}

tg::Result<std::string, MpcError> MpcFrontDoor::output_folder(const CreateThumbnailsRequest& request,
                                                              const std::string& prefix) const {
  const MpcOutputBucket* bucket = settings_.find_output_bucket(request.output.bucket);
  if (!bucket) return tg::unexpected(MpcError::invalid_parameter("output.bucket is not an output bucket of this gateway"));
  if (bucket->folder.empty()) return tg::unexpected(MpcError::internal("the output bucket is not available"));
  const fs::path root(bucket->folder);
  std::error_code ec;
  // weakly_canonical follows every symlink that exists, so a link leading out of the bucket is caught.
  const fs::path folder = fs::weakly_canonical(root / fs::path(prefix), ec);
  if (ec || (folder != root && !is_below(folder, root))) {
    return tg::unexpected(MpcError::invalid_parameter("output.object leads out of the bucket"));
  }
  return folder.string();
}

std::optional<ApiResponse> MpcFrontDoor::create(const ApiRequest& request, const std::string& project_id,
                                                Respond& respond) {
  auto parsed = parse_create(request.body);
  if (!parsed) return render_error(parsed.error());
  const MpcInputBucket* input_bucket = settings_.find_input_bucket(parsed->input.bucket);
  if (!input_bucket) return render_error(MpcError::invalid_parameter("input.bucket is not an input bucket of this gateway"));
  auto object = locate_bucket_object(input_bucket->root, deps_.media_root, parsed->input.object);
  if (!object) return render_error(MpcError::invalid_parameter("input.object does not exist in input.bucket"));

  const std::string task_id = new_task_id();
  const std::string prefix = output_prefix(*parsed, task_id);
  auto folder = output_folder(*parsed, prefix);
  if (!folder) return render_error(folder.error());
  tasks::TaskSpec spec = build_task_spec(*parsed, {.task_id = task_id,
                                                   .project_id = project_id,
                                                   .input_uri = object->uri,
                                                   .output_dir = *folder,
                                                   .output_object = prefix});
  auto queued = submit_task(deps_, task_id, std::move(spec), request);
  if (!queued) {
    switch (queued.error().kind) {
      case SubmitRefusal::Kind::kLimits: return render_error(MpcError::invalid_parameter(queued.error().message));
      case SubmitRefusal::Kind::kStore: return internal(queued.error().message);
      case SubmitRefusal::Kind::kQueueFull: return unavailable("the task queue is full, try again later");
      case SubmitRefusal::Kind::kAppShareFull:
        return unavailable("this project already has " + std::to_string(queued.error().queued) +
                           " tasks waiting, the most one project may queue; try again later");
    }
  }
  if (!parsed->sync) {
    ApiResponse created = render_created(*queued);
    created.log_fields.emplace_back("task_id", queued->id);
    return created;
  }
  waiter_.wait_for(queued->id, std::move(respond));
  return std::nullopt;
}

ApiResponse MpcFrontDoor::list(const ApiRequest& request, const std::string& project_id) {
  auto parsed = parse_list(request);
  if (!parsed) return render_error(parsed.error());
  tasks::TaskQuery query;
  query.app_id = project_id;
  query.api = kApiName;
  query.ids = parsed->task_ids;
  query.status = parsed->status;
  // Documented: the times are ignored when task ids are given. end_time is a whole second, inclusive.
  if (parsed->task_ids.empty()) {
    if (parsed->start_ms) query.created_from_ms = std::max<int64_t>(*parsed->start_ms, 1);
    if (parsed->end_ms) query.created_to_ms = *parsed->end_ms + 1000;
  }
  query.newest_first = true;
  query.limit = parsed->size;
  query.offset = parsed->page * parsed->size;
  auto records = deps_.store.list(query);
  if (!records) return internal(store_failure(records.error(), "list tasks"));
  auto total = deps_.store.count(query);
  if (!total) return internal(store_failure(total.error(), "count tasks"));
  const bool truncated = static_cast<int64_t>(query.offset) + static_cast<int64_t>(records->size()) < *total;
  return render_list(*records, truncated, *total);
}

ApiResponse MpcFrontDoor::cancel(const ApiRequest& request, const std::string& project_id) {
  auto parsed = parse_cancel(request);
  if (!parsed) return render_error(parsed.error());
  auto found = deps_.store.get(parsed->task_id);
  if (!found) return internal(store_failure(found.error(), "read a task"));
  // Another project's task answers exactly like an unknown one.
  if (!*found || (*found)->spec.api != kApiName || (*found)->spec.app_id != project_id) {
    return render_error(MpcError::invalid_parameter("task " + parsed->task_id + " does not exist"));
  }
  auto cancelled = deps_.store.cancel(parsed->task_id, deps_.clock.now_ms());
  if (!cancelled) return internal(store_failure(cancelled.error(), "cancel a task"));
  if (!*cancelled) {
    auto now = deps_.store.get(parsed->task_id);
    const char* status = now && *now ? mpc_status((*now)->status) : "unknown";
    return render_error(MpcError::invalid_parameter("task " + parsed->task_id + " is " + status +
                                                    "; only a WAITING task can be canceled"));
  }
  ApiResponse response;
  response.status = 204;
  response.content_type = "application/json";
  response.log_fields.emplace_back("task_id", parsed->task_id);
  return response;
}

}  // namespace tg::adapters::huawei_mpc
