#include "adapters/aliyun_ice/ice_front_door.hpp"

#include <algorithm>
#include <filesystem>
#include <unordered_set>

#include "adapters/common/store_failure.hpp"
#include "adapters/aliyun_ice/ice_renderer.hpp"
#include "adapters/aliyun_ice/oss_location.hpp"
#include "adapters/aliyun_ice/signed_object_url.hpp"
#include "adapters/aliyun_ice/snapshot_job.hpp"
#include "adapters/aliyun_ice/submit_request.hpp"
#include "adapters/common/bucket_object.hpp"
#include "adapters/common/numbers.hpp"
#include "adapters/common/param_limits.hpp"
#include "adapters/common/query_string.hpp"
#include "adapters/common/task_submission.hpp"
#include "core/path_containment.hpp"
#include "core/random_id.hpp"
#include "core/time_format.hpp"

namespace tg::adapters::aliyun_ice {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kApi = "aliyun_ice";
constexpr int64_t kDefaultUrlTimeoutS = 3600;
constexpr int64_t kMaxUrlTimeoutS = 129600;
constexpr int kMaxUrlPageSize = 30;
constexpr int kMaxListPageSize = 100;
constexpr int kScanBatch = 200;
// Rows one ListSnapshotJobs with Status=Init looks at: a page may come back short, with a NextPageToken.
constexpr int64_t kMaxScannedRows = 2000;

bool is_form(const ApiRequest& request) {
  const std::string type = request.header("content-type").value_or("");
  return type.rfind("application/x-www-form-urlencoded", 0) == 0;
}

// Looks at the raw names and values of an urlencoded text without decoding it.
struct RawMarks {
  bool ice_version = false;
  bool access_key_id = false;
  bool signature_version = false;
};

void mark(std::string_view raw, RawMarks& marks) {
  std::size_t start = 0;
  while (start <= raw.size()) {
    std::size_t end = raw.find('&', start);
    if (end == std::string_view::npos) end = raw.size();
    std::string_view pair = raw.substr(start, end - start);
    const auto eq = pair.find('=');
    std::string_view name = pair.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if (name == "Version" && value == kIceVersion) marks.ice_version = true;
    if (name == "AccessKeyId") marks.access_key_id = true;
    if (name == "SignatureVersion") marks.signature_version = true;
    start = end + 1;
  }
}

std::string lowercase_extension(const std::string& key) {
  const auto dot = key.rfind('.');
  if (dot == std::string::npos || key.find('/', dot) != std::string::npos) return "";
  std::string ext = key.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

std::string content_type_of(const std::string& key) {
  const std::string ext = lowercase_extension(key);
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "png") return "image/png";
  if (ext == "vtt") return "text/vtt";
  return "application/octet-stream";
}

// An OSS-style XML error for the object URLs.
ApiResponse oss_error(int status, const std::string& code, const std::string& message, const std::string& request_id,
                      const std::string& host_id) {
  IceNode body;
  body.set("Code", code);
  body.set("Message", message);
  body.set("RequestId", request_id);
  body.set("HostId", host_id);
  ApiResponse response;
  response.status = status;
  response.content_type = "application/xml";
  response.body = body.to_xml("Error");
  response.headers.emplace_back("x-oss-request-id", request_id);
  return response;
}

// An integer parameter within [min, max]; `fallback` when absent.
tg::Result<int64_t, IceError> int_param(const signing::Params& params, const char* name, int64_t fallback, int64_t min,
                                        int64_t max) {
  const std::string* text = find_param(params, name);
  if (!text || text->empty()) return fallback;
  const auto value = (*text)[0] == '-' ? std::nullopt : parse_int64(*text);
  if (!value || *value < min || *value > max) {
    return tg::unexpected(invalid_parameter(std::string(name) + " must be an integer from " + std::to_string(min) +
                                            " to " + std::to_string(max)));
  }
  return *value;
}

}  // namespace

struct IceFrontDoor::Call {
  std::string request_id;
  std::string action;
  bool xml = false;
  signing::Params params;
  const IceAccessKey* key = nullptr;
  const ApiRequest* received = nullptr;  // the request as it came
};

bool is_ice_action(std::string_view action) {
  static const std::unordered_set<std::string_view> kActions = {"SubmitSnapshotJob", "GetSnapshotJob",
                                                                "GetSnapshotUrls", "ListSnapshotJobs"};
  return kActions.count(action) != 0;
}

bool is_ice_request(const ApiRequest& request) {
  if (request.path.rfind(kObjectPathPrefix, 0) == 0) return true;
  if (request.path != "/") return false;
  RawMarks marks;
  mark(request.raw_query, marks);
  if (request.method == "POST" && is_form(request)) mark(request.body, marks);
  return marks.ice_version || (marks.access_key_id && marks.signature_version);
}

IceFrontDoor::IceFrontDoor(IceSettings settings, VendorDeps deps)
    : settings_(std::move(settings)), deps_(std::move(deps)), authenticator_(settings_, deps_.admission) {}

bool IceFrontDoor::accepts(const ApiRequest& request) const { return is_ice_request(request); }

ApiResponse IceFrontDoor::answer(const ApiRequest& request) {
  if (request.path.rfind(kObjectPathPrefix, 0) == 0) return serve_object(request);
  return rpc(request);
}

ApiResponse IceFrontDoor::rpc(const ApiRequest& request) {
  Call call;
  call.received = &request;
  call.request_id = new_request_id();
  const std::string host_id = settings_.host_id();
  auto fail = [&](const IceError& error) { return render_error(error, call.request_id, host_id, call.xml); };
  if (request.method != "GET" && request.method != "POST") return fail(unsupported_method(request.method));
  if (!request.decode_error.empty()) return fail(invalid_parameter(request.decode_error));
  const bool form = request.method == "POST" && is_form(request);
  // Counted before the body is decoded: a form of many thousand fields costs one pass to refuse.
  const ParamLimits limits;
  const std::size_t count = request.query.size() + (form ? count_query_pairs(request.body) : 0);
  if (count > limits.max_params) return fail(invalid_parameter(too_many_params_message(count, limits)));
  call.params = request.query;
  if (form) {
    auto fields = parse_query(request.body);
    if (!fields) return fail(invalid_parameter("the form body has a malformed %-escape"));
    call.params.insert(call.params.end(), fields->begin(), fields->end());
  }
  if (auto too_big = param_limit_error(call.params, limits)) return fail(invalid_parameter(*too_big));
  // One value per name: a repeated parameter would make "what was signed" ambiguous.
  std::unordered_set<std::string_view> names;
  for (const auto& [name, value] : call.params) {
    if (!names.insert(name).second) return fail(invalid_parameter("parameter " + name + " appears more than once"));
  }
  if (const std::string* format = find_param(call.params, "Format")) {
    std::string upper = *format;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
    call.xml = upper == "XML";
    if (upper != "XML" && upper != "JSON") return fail(invalid_parameter("Format must be JSON or XML"));
  }
  const std::string* action = find_param(call.params, "Action");
  if (!action || action->empty()) return fail(missing_parameter("Action"));
  const std::string* version = find_param(call.params, "Version");
  if (!version || version->empty()) return fail(missing_parameter("Version"));
  if (*version != kIceVersion) {
    return fail(IceError{400, "InvalidVersion", "Specified parameter Version is not valid: use 2020-11-09."});
  }
  call.action = *action;
  if (!is_ice_action(call.action)) return fail(api_not_found(call.action));
  // Only authenticated calls that are not replays count against the key's rate, and a refused call does not.
  auto key = authenticator_.authenticate(request.method, call.params, deps_.clock.now_ms());
  if (!key) return fail(key.error());
  call.key = *key;
  ApiResponse answered = call.action == "SubmitSnapshotJob" ? submit(call)
                         : call.action == "GetSnapshotJob"  ? get_job(call)
                         : call.action == "GetSnapshotUrls" ? get_urls(call)
                                                            : list_jobs(call);
  answered.log_fields.emplace_back("app", call.key->id);
  answered.log_fields.emplace_back("vendor_request_id", call.request_id);
  if (const std::string* job_id = find_param(call.params, "JobId")) answered.log_fields.emplace_back("task_id", *job_id);
  return answered;
}

ApiResponse IceFrontDoor::submit(const Call& call) {
  const std::string host_id = settings_.host_id();
  auto fail = [&](const IceError& error) { return render_error(error, call.request_id, host_id, call.xml); };
  auto parsed = parse_submit(call.params);
  if (!parsed) return fail(parsed.error());
  const SubmitRequest& req = *parsed;

  // Input: an object of a configured OSS bucket, or a media id of the media table.
  std::string input;
  if (req.input.type == "OSS") {
    const OssLocationResult where = parse_oss_location(req.input.media);
    if (!where.location) {
      return fail(invalid_parameter(where.error == OssLocationError::kBadObject
                                        ? "Input.Media names an object key that is not allowed"
                                        : "Input.Media must be oss://bucket/object or "
                                          "http(s)://bucket.oss-<region>.aliyuncs.com/object"));
    }
    const OssInputBucket* bucket = settings_.find_input_bucket(where.location->bucket);
    if (!bucket) return fail(invalid_parameter("Input.Media: bucket " + where.location->bucket + " is not registered"));
    auto object = locate_bucket_object(bucket->root, deps_.media_root, where.location->object);
    if (!object) return fail(invalid_parameter("Input.Media: the object does not exist in bucket " + bucket->name));
    input = object->uri;
  } else {
    auto resolved = deps_.resolver.resolve_file_id(req.input.media);
    if (!resolved) {
      switch (resolved.error()) {
        case tasks::ResolveError::kInvalid: return fail(invalid_parameter("Input.Media is not a valid media id"));
        case tasks::ResolveError::kNotFound: return fail(invalid_parameter("Input.Media: the media does not exist"));
        case tasks::ResolveError::kStore: return fail(internal_error("the media table could not be read"));
      }
    }
    input = *resolved;
  }

  // Output: an object of the output bucket, named by ICE's rules.
  if (req.output.type != "OSS") return fail(invalid_parameter("Output.Type must be OSS: outputs are written to OSS"));
  const OssLocationResult out = parse_oss_location(req.output.media);
  if (!out.location) {
    return fail(invalid_parameter(out.error == OssLocationError::kBadObject
                                      ? "Output.Media names an object key that is not allowed"
                                      : "Output.Media must be oss://bucket/object or "
                                        "http(s)://bucket.oss-<region>.aliyuncs.com/object"));
  }
  if (settings_.output_bucket.name.empty() || out.location->bucket != settings_.output_bucket.name) {
    return fail(invalid_parameter("Output.Media: bucket " + out.location->bucket + " is not registered for output"));
  }
  auto templ = settings_.templates.find(req.template_id);
  if (templ == settings_.templates.end()) {
    return fail(invalid_parameter("TemplateConfig.TemplateId " + req.template_id + " does not exist"));
  }
  auto planned = plan_job(templ->second.overridden_by(req.overwrite), out.location->object);
  if (!planned) return fail(planned.error());

  // The files land in the output bucket's folder under the object's folder, never outside it.
  const fs::path root(settings_.output_bucket.folder);
  std::error_code ec;
  fs::create_directories(root, ec);
  auto canonical_root = canonical_path(root);
  if (!canonical_root) return fail(internal_error("the output bucket cannot be written"));
  fs::path dir = *canonical_root;
  if (!planned->folder_key.empty()) {
    dir = fs::weakly_canonical(*canonical_root / fs::path(planned->folder_key), ec);
    if (ec || !is_below(dir, *canonical_root)) {
      return fail(invalid_parameter("Output.Media names a folder outside the bucket"));
    }
  }
  planned->job.output_dir = dir.string();

  IceJobRecord record;
  record.name = req.name;
  record.user_data = req.user_data;
  record.template_id = req.template_id;
  record.template_config = req.template_config;
  record.input_type = req.input.type;
  record.input_media = req.input.media;
  record.output_type = req.output.type;
  record.output_media = req.output.media;
  record.output_bucket = out.location->bucket;
  record.output_folder_key = planned->folder_key;
  record.pipeline_id = req.pipeline_id;
  record.type = snapshot_type_name(planned->type);
  record.count = planned->count;

  tasks::TaskSpec spec;
  spec.app_id = call.key->id;
  spec.api = std::string(kApi);
  spec.vendor = "aliyun";
  spec.type = record.type;
  spec.source_id = req.input.media;
  spec.input = std::move(input);
  spec.job = std::move(planned->job);
  spec.extra = encode_job_record(record);
  auto queued = submit_task(deps_, time_ordered_hex(16, deps_.clock.now_ms()), std::move(spec), *call.received);
  if (!queued) {
    switch (queued.error().kind) {
      case SubmitRefusal::Kind::kLimits: return fail(invalid_parameter(queued.error().message));
      case SubmitRefusal::Kind::kStore: return fail(internal_error(queued.error().message));
      case SubmitRefusal::Kind::kQueueFull:
        return fail(service_unavailable("The job queue is full, try again later."));
      case SubmitRefusal::Kind::kAppShareFull:
        return fail(IceError{400, "Throttling.User",
                             "This AccessKeyId already has " + std::to_string(queued.error().queued) +
                                 " jobs waiting, the most one key may queue; try again later."});
    }
  }
  IceNode body;
  body.set("RequestId", call.request_id);
  body.set("JobId", queued->id);
  ApiResponse submitted = render(body, call.action, call.xml);
  submitted.log_fields.emplace_back("task_id", queued->id);
  return submitted;
}

tg::Result<tasks::TaskRecord, IceError> IceFrontDoor::owned_task(const Call& call, const std::string& job_id) {
  auto found = deps_.store.get(job_id);
  if (!found) return tg::unexpected(internal_error(store_failure(found.error(), "read a task")));
  // Another key's job (or another front door's task) answers exactly like an unknown one.
  if (!*found || (*found)->spec.api != kApi || (*found)->spec.app_id != call.key->id) {
    return tg::unexpected(job_not_found(job_id));
  }
  return std::move(**found);
}

ApiResponse IceFrontDoor::get_job(const Call& call) {
  auto fail = [&](const IceError& error) { return render_error(error, call.request_id, settings_.host_id(), call.xml); };
  const std::string* job_id = find_param(call.params, "JobId");
  if (!job_id || job_id->empty()) return fail(missing_parameter("JobId"));
  auto task = owned_task(call, *job_id);
  if (!task) return fail(task.error());
  auto record = decode_job_record(task->spec.extra);
  if (!record) return fail(internal_error(record.error()));
  IceNode body;
  body.set("RequestId", call.request_id);
  body.set("SnapshotJob", job_node(*task, *record, true));
  return render(body, call.action, call.xml);
}

std::string IceFrontDoor::object_url(const std::string& key, const IceAccessKey& access_key, int64_t expires_s) const {
  return signed_object_url(settings_.public_base_url, settings_.output_bucket.name, key, access_key, expires_s);
}

ApiResponse IceFrontDoor::get_urls(const Call& call) {
  auto fail = [&](const IceError& error) { return render_error(error, call.request_id, settings_.host_id(), call.xml); };
  const std::string* job_id = find_param(call.params, "JobId");
  if (!job_id || job_id->empty()) return fail(missing_parameter("JobId"));
  auto page_number = int_param(call.params, "PageNumber", 1, 1, 1'000'000);
  if (!page_number) return fail(page_number.error());
  auto page_size = int_param(call.params, "PageSize", 10, 1, kMaxUrlPageSize);
  if (!page_size) return fail(page_size.error());
  auto timeout = int_param(call.params, "Timeout", kDefaultUrlTimeoutS, 1, kMaxUrlTimeoutS);
  if (!timeout) return fail(timeout.error());
  bool descending = false;
  if (const std::string* order = find_param(call.params, "OrderBy"); order && !order->empty()) {
    if (*order != "Asc" && *order != "Desc") return fail(invalid_parameter("OrderBy must be Asc or Desc"));
    descending = *order == "Desc";
  }
  auto task = owned_task(call, *job_id);
  if (!task) return fail(task.error());
  auto record = decode_job_record(task->spec.extra);
  if (!record) return fail(internal_error(record.error()));
  JobObjects objects = job_objects(*task, *record);
  if (descending) std::reverse(objects.images.begin(), objects.images.end());
  const int64_t expires = deps_.clock.now_s() + *timeout;
  IceNode urls = IceNode::array();
  const int64_t total = static_cast<int64_t>(objects.images.size());
  const int64_t first = (*page_number - 1) * *page_size;
  for (int64_t i = first; i < total && i < first + *page_size; ++i) {
    urls.push(object_url(objects.images[static_cast<std::size_t>(i)], *call.key, expires));
  }
  IceNode body;
  body.set("RequestId", call.request_id);
  body.set("SnapshotUrls", std::move(urls));
  body.set("Total", total);
  if (!objects.vtt.empty()) body.set("WebVTTUrl", object_url(objects.vtt, *call.key, expires));
  return render(body, call.action, call.xml);
}

ApiResponse IceFrontDoor::list_jobs(const Call& call) {
  auto fail = [&](const IceError& error) { return render_error(error, call.request_id, settings_.host_id(), call.xml); };
  auto page_size = int_param(call.params, "PageSize", 20, 1, kMaxListPageSize);
  if (!page_size) return fail(page_size.error());
  tasks::TaskQuery query;
  query.api = std::string(kApi);
  query.app_id = call.key->id;
  if (const std::string* order = find_param(call.params, "OrderBy"); order && !order->empty()) {
    if (*order != "CreateTimeDesc" && *order != "CreateTimeAsc") {
      return fail(invalid_parameter("OrderBy must be CreateTimeDesc or CreateTimeAsc"));
    }
    query.newest_first = *order == "CreateTimeDesc";
  }
  for (const char* name : {"StartOfCreateTime", "EndOfCreateTime"}) {
    const std::string* text = find_param(call.params, name);
    if (!text || text->empty()) continue;
    const auto seconds = parse_iso8601_utc_seconds(*text);
    if (!seconds) return fail(invalid_parameter(std::string(name) + " must be yyyy-MM-ddTHH:mm:ssZ"));
    if (std::string_view(name) == "StartOfCreateTime") {
      query.created_from_ms = *seconds * 1000;
    } else {
      query.created_to_ms = *seconds * 1000 + 1000;  // the whole second named is included
    }
  }
  if (const std::string* job_id = find_param(call.params, "JobId"); job_id && !job_id->empty()) {
    query.ids.push_back(*job_id);
  }
  // Init is two task states (waiting and running): it is filtered here, the others by the store.
  bool only_init = false;
  if (const std::string* status = find_param(call.params, "Status"); status && !status->empty()) {
    if (*status == "Success") {
      query.status = tasks::TaskStatus::kSucceeded;
    } else if (*status == "Fail") {
      query.status = tasks::TaskStatus::kFailed;
    } else if (*status == "Init") {
      only_init = true;
    } else {
      return fail(invalid_parameter("Status must be Init, Success or Fail"));
    }
  }
  // NextPageToken: the position (in the store's order) of the next task to look at.
  int64_t offset = 0;
  if (const std::string* token = find_param(call.params, "NextPageToken"); token && !token->empty()) {
    const auto parsed = (*token)[0] == '-' ? std::nullopt : parse_int64(*token);
    if (!parsed || *parsed > 1'000'000'000) return fail(invalid_parameter("NextPageToken is not valid"));
    offset = *parsed;
  }
  IceNode jobs = IceNode::array();
  int taken = 0;
  int64_t scanned = 0;
  bool more = false;
  while (true) {
    query.offset = static_cast<int>(offset);
    query.limit = only_init ? kScanBatch : static_cast<int>(*page_size) + 1;
    auto rows = deps_.store.list(query);
    if (!rows) return fail(internal_error(store_failure(rows.error(), "list tasks")));
    std::size_t i = 0;
    for (; i < rows->size(); ++i) {
      const tasks::TaskRecord& task = (*rows)[i];
      if (only_init && task.status != tasks::TaskStatus::kQueued && task.status != tasks::TaskStatus::kRunning) continue;
      if (taken == *page_size) {
        more = true;
        break;
      }
      auto record = decode_job_record(task.spec.extra);
      if (!record) continue;
      jobs.push(job_node(task, *record, false));
      ++taken;
    }
    offset += static_cast<int64_t>(i);
    scanned += static_cast<int64_t>(i);
    if (more || static_cast<int>(rows->size()) < query.limit) break;
    if (scanned >= kMaxScannedRows) {
      more = true;
      break;
    }
  }
  IceNode body;
  body.set("RequestId", call.request_id);
  body.set("Jobs", std::move(jobs));
  body.set("NextPageToken", more ? std::to_string(offset) : std::string());
  return render(body, call.action, call.xml);
}

ApiResponse IceFrontDoor::serve_object(const ApiRequest& request) {
  const std::string request_id = new_request_id();
  const std::string host_id = settings_.output_bucket.name + ".oss-" + settings_.region + ".aliyuncs.com";
  auto fail = [&](int status, const char* code, const std::string& message) {
    return oss_error(status, code, message, request_id, host_id);
  };
  if (request.method != "GET" && request.method != "HEAD") {
    ApiResponse refused = fail(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
    refused.headers.emplace_back("Allow", "GET, HEAD");
    return refused;
  }
  if (!request.decode_error.empty()) return fail(400, "InvalidArgument", request.decode_error);
  if (auto too_big = param_limit_error(request.query)) return fail(400, "InvalidArgument", *too_big);
  std::string_view rest = std::string_view(request.path).substr(kObjectPathPrefix.size());
  const auto slash = rest.find('/');
  const std::string bucket(rest.substr(0, slash));
  const std::string key = slash == std::string_view::npos ? std::string() : std::string(rest.substr(slash + 1));
  if (settings_.output_bucket.name.empty() || bucket != settings_.output_bucket.name) {
    return fail(404, "NoSuchBucket", "The specified bucket does not exist.");
  }
  if (!safe_object_key(key)) return fail(400, "InvalidObjectName", "The specified object name is not allowed.");
  switch (check_signed_url(settings_, request.method, bucket, key, request.query, deps_.clock.now_s())) {
    case UrlCheck::kOk: break;
    case UrlCheck::kUnsigned:
      return fail(403, "AccessDenied", "You have no right to access this object because of bucket acl.");
    case UrlCheck::kUnknownKey: return fail(403, "InvalidAccessKeyId", "The OSS Access Key Id you provided does not exist in our records.");
    case UrlCheck::kBadExpires: return fail(403, "AccessDenied", "Invalid argument: Expires.");
    case UrlCheck::kExpired: return fail(403, "AccessDenied", "Request has expired.");
    case UrlCheck::kBadSignature:
      return fail(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
  }
  auto object = locate_bucket_object(settings_.output_bucket.folder, deps_.media_root, key);
  if (!object) return fail(404, "NoSuchKey", "The specified key does not exist.");
  ApiResponse response;
  response.content_type = content_type_of(key);
  response.file_path = object->uri;
  response.headers.emplace_back("x-oss-request-id", request_id);
  return response;
}

std::optional<tasks::CallbackDelivery> IceFrontDoor::compose_notification(const tasks::TaskRecord& record) const {
  if (record.spec.api != kApi || settings_.event_url.empty()) return std::nullopt;
  if (record.status == tasks::TaskStatus::kQueued || record.status == tasks::TaskStatus::kRunning) return std::nullopt;
  auto job = decode_job_record(record.spec.extra);
  if (!job) return std::nullopt;
  std::vector<std::string> urls;
  std::string vtt_url;
  if (const IceAccessKey* key = settings_.find_key(record.spec.app_id)) {
    const JobObjects objects = job_objects(record, *job);
    const int64_t expires = deps_.clock.now_s() + kDefaultUrlTimeoutS;
    for (const std::string& image : objects.images) urls.push_back(object_url(image, *key, expires));
    if (!objects.vtt.empty()) vtt_url = object_url(objects.vtt, *key, expires);
  }
  tasks::CallbackDelivery delivery;
  delivery.task_id = record.id;
  delivery.url = settings_.event_url;
  delivery.body = event_body(record, *job, urls, vtt_url, deps_.clock.now_ms());
  delivery.content_type = "application/json";
  return delivery;
}

}  // namespace tg::adapters::aliyun_ice
