#include "adapters/tencent_ci/cos_front_door.hpp"

#include <memory>

#include "adapters/tencent_ci/bucket_router.hpp"
#include "adapters/tencent_ci/cos_authenticator.hpp"
#include "adapters/tencent_ci/snapshot_params.hpp"
#include "core/logger.hpp"
#include "core/random_id.hpp"
#include "core/redaction.hpp"
#include "adapters/tencent_ci/cos_object_locator.hpp"
#include "adapters/common/param_limits.hpp"

namespace tg::adapters::tencent_ci {

namespace {

struct Reply {
  std::string resource;
  std::string request_id;
  std::string trace_id;

  ApiResponse error(CosErrorCode code, std::string message) const {
    return render_cos_error({code, std::move(message)}, resource, request_id, trace_id);
  }
  ApiResponse error(const CosError& e) const { return render_cos_error(e, resource, request_id, trace_id); }

  // `input` says how a fresh image's input was had: "hot" (a cached opened input) or "opened".
  ApiResponse image(std::string bytes, engine::ImageFormat format, bool cache_hit, const char* input = "") const {
    ApiResponse r;
    r.content_type = image_content_type(format);
    r.headers.emplace_back("x-cos-request-id", request_id);
    r.headers.emplace_back("x-thumbgate-cache", cache_hit ? "hit" : "miss");
    if (*input != '\0') r.headers.emplace_back("x-thumbgate-input", input);
    r.body = std::move(bytes);
    return r;
  }
};

}  // namespace

CosError cos_error_for_engine(const engine::Error& error, const std::string& key) {
  using engine::Errc;
  // The message names the key as the client sent it; the error's detail (paths, origin URLs, library
  // texts) is never part of the answer.
  const std::string object = "the object " + key;
  switch (error.code) {
    case Errc::kInvalidArgument: return {CosErrorCode::kInvalidArgument, error.message};
    case Errc::kNotFound: return {CosErrorCode::kNoSuchKey, "The specified key does not exist."};
    case Errc::kForbidden: return {CosErrorCode::kAccessDenied, object + " cannot be read: " + error.message};
    case Errc::kNotMedia:
    case Errc::kNoVideo:
    case Errc::kCorrupt:
    case Errc::kUnsupported:
    case Errc::kTooLarge:
      return {CosErrorCode::kInvalidRequest, object + " is not a video that can be snapshotted: " + error.message};
    case Errc::kTimeout: return {CosErrorCode::kInternalError, "the snapshot took too long: " + error.message};
    case Errc::kCancelled:
    case Errc::kEncode:
    case Errc::kIo:
    case Errc::kInternal: return {CosErrorCode::kInternalError, "the snapshot of " + key + " failed: " + error.message};
    case Errc::kUnavailable:
    case Errc::kNoSpace: return {CosErrorCode::kSlowDown, "the server is short of resources; retry later"};
  }
  return {CosErrorCode::kInternalError, error.message};
}

CosFrontDoor::CosFrontDoor(Deps deps) : deps_(std::move(deps)) {}

bool CosFrontDoor::accepts(const ApiRequest& request) const {
  if (route_request(deps_.settings, request).kind != BucketRoute::Kind::kNotCos) return true;
  if (!request.decode_error.empty()) return request.raw_query.find("ci-process") != std::string::npos;
  return request.query_value("ci-process").has_value();
}

void CosFrontDoor::handle(ApiRequest request, Respond respond) {
  const BucketRoute route = route_request(deps_.settings, request);
  Reply reply{route.host + request.path, random_hex(12), random_hex(12)};
  if (route.kind != BucketRoute::Kind::kBucket) {
    return respond(reply.error(CosErrorCode::kNoSuchBucket, "The specified bucket does not exist."));
  }
  const CiBucket& bucket = *route.bucket;
  if (request.method != "GET" && request.method != "HEAD") {
    ApiResponse refused =
        reply.error(CosErrorCode::kMethodNotAllowed, "The specified method is not allowed against this resource.");
    refused.headers.emplace_back("Allow", "GET, HEAD");
    return respond(std::move(refused));
  }
  if (!request.decode_error.empty()) return respond(reply.error(CosErrorCode::kInvalidArgument, request.decode_error));
  if (auto too_big = param_limit_error(request.query)) {
    return respond(reply.error(CosErrorCode::kInvalidArgument, *too_big));
  }
  if (auto allowed = authorize(deps_.settings, bucket, request, deps_.clock.now_s()); !allowed) {
    return respond(reply.error(allowed.error()));
  }
  const std::string process = ci_process_of(request);
  const std::string key = request.path.size() > 1 ? request.path.substr(1) : std::string();
  if (process != "snapshot" || key.empty()) {
    std::string operation = !process.empty() ? "ci-process=" + process : key.empty() ? "GetBucket" : "GetObject";
    return respond(reply.error(CosErrorCode::kNotImplemented,
                               operation + " is not supported here; only GetSnapshot (ci-process=snapshot)"));
  }
  auto params = parse_snapshot_params(request);
  if (!params) return respond(reply.error(params.error()));
  auto object = locate_object(bucket, deps_.media_root, key);
  if (!object) return respond(reply.error(CosErrorCode::kNoSuchKey, "The specified key does not exist."));

  // Origin objects have no version we can see cheaply, so only local files are cached.
  std::string cache_key;
  if (object->local) {
    cache_key = CosResultCache::key_for(bucket.name, key, object->mtime_ns, object->size, params->cache_text());
    if (auto hit = deps_.results.get(cache_key)) return respond(reply.image(hit->bytes, hit->format, true));
  }

  const bool remote = !object->local;  // an origin's objects get the pool's remote share
  auto job = [this, reply, respond, object = std::move(*object), params = *params, cache_key, key,
              bucket_name = bucket.name]() {
    engine::Source source;
    source.uri = object.uri;
    source.root = object.root;  // checked above by its path; the open re-checks it, swapped symlinks included
    source.deadline = std::chrono::milliseconds(deps_.settings.deadline_ms);
    source.policy = &deps_.outbound.policy;
    source.idle_timeout = std::chrono::milliseconds(deps_.outbound.idle_timeout_ms);
    source.cancel = deps_.cancel;
    engine::ImageOptions options;
    options.width = params.width;
    options.height = params.height;
    options.format = params.format;
    options.rotate = params.rotate;
    engine::HotInputKey hot_key{object.uri, object.size, object.mtime_ns, params.rotate};
    bool reused = false;
    engine::EngineResult<engine::Image> image = object.local
        ? deps_.inputs.snapshot(hot_key, source, params.time_s, params.mode, options, &reused)
        : [&]() -> engine::EngineResult<engine::Image> {
            engine::SnapshotRequest one;
            one.times.push_back({params.time_s, false});
            one.mode = params.mode;
            one.image = options;
            auto images = engine::snapshot(source, one);
            if (!images) return tg::unexpected(std::move(images.error()));
            return std::move(images->front());
          }();
    if (!image) {
      const engine::Error& e = image.error();
      tg::log(LogLevel::kWarn, "snapshot failed",
              {{"request_id", reply.request_id},
               {"bucket", bucket_name},
               {"key", key},
               {"input", redact_url(object.uri)},
               {"code", engine::errc_name(e.code)},
               {"reason", e.message},
               {"detail", redact_urls_in(e.detail)}});
      return respond(reply.error(cos_error_for_engine(e, key)));
    }
    auto cached = std::make_shared<CachedSnapshot>();
    cached->bytes.assign(image->data.begin(), image->data.end());
    cached->format = image->format;
    if (!cache_key.empty()) deps_.results.put(cache_key, cached);
    respond(reply.image(cached->bytes, cached->format, false, reused ? "hot" : "opened"));
  };
  if (!deps_.pool.try_submit(std::move(job), remote)) {
    respond(reply.error(CosErrorCode::kSlowDown, "Please reduce your request rate."));
  }
}

}  // namespace tg::adapters::tencent_ci
