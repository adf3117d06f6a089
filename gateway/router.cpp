#include "gateway/router.hpp"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>

#include "core/logger.hpp"
#include "core/metrics_text.hpp"
#include "core/random_id.hpp"
#include "gateway/admin/loopback.hpp"
#include "gateway/conditional_get.hpp"
#include "gateway/gateway_metrics.hpp"
#include "gateway/output_files.hpp"

namespace tg::gateway {
namespace {

constexpr std::string_view kOutputsPrefix = "/outputs/";

ApiResponse json_status(int status, std::string_view error, std::string_view message) {
  ApiResponse r;
  r.status = status;
  r.body = std::string(R"({"error":")") + std::string(error) + R"(","message":")" + std::string(message) + "\"}";
  return r;
}

ApiResponse read_only(std::string_view what) {
  ApiResponse r = json_status(405, "MethodNotAllowed", std::string(what) + " is read with GET or HEAD");
  r.headers.emplace_back("Allow", "GET, HEAD");
  return r;
}

std::string json_escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

uint64_t body_bytes(const ApiResponse& response) {
  if (response.file_path.empty()) return response.body.size();
  std::error_code ec;
  const auto size = std::filesystem::file_size(response.file_path, ec);
  return ec ? 0 : size;
}

// A process-random prefix and a sequence number: unique per process run, cheap per request.
std::string next_request_id() {
  static const std::string prefix = random_hex(4);
  static std::atomic<uint64_t> sequence{0};
  return prefix + "-" + std::to_string(sequence.fetch_add(1, std::memory_order_relaxed));
}

// What one request's answer is counted and logged with.
struct Served {
  std::string method;
  std::string vendor = std::string(kGatewayVendor);
  std::string_view route = route::kNotFound;
  std::string request_id = next_request_id();
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

void record(const Served& served, int status, uint64_t bytes,
            const std::vector<std::pair<std::string, std::string>>& log_fields) {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - served.started).count();
  GatewayMetrics& m = gateway_metrics();
  const std::string route(served.route);
  m.requests.inc({served.vendor, route, std::to_string(status)});
  m.latency.observe({served.vendor, route}, seconds);
  // Method, route and vendor only: the path and query (which carry signatures and keys) are not logged.
  if (!tg::log_enabled(LogLevel::kInfo)) return;
  std::vector<std::pair<std::string, std::string>> fields{
      {"request_id", served.request_id},
      {"method", served.method},
      {"route", route},
      {"vendor", served.vendor},
      {"status", std::to_string(status)},
      {"duration_ms", std::to_string(static_cast<int64_t>(seconds * 1000))},
      {"bytes", std::to_string(bytes)}};
  // What the front door knew (app, task id, its own request id), after the gateway's fields.
  for (const auto& field : log_fields) fields.push_back(field);
  tg::log(LogLevel::kInfo, "request served", std::move(fields));
}

void record(const Served& served, const ApiResponse& response) {
  record(served, response.status, body_bytes(response), response.log_fields);
}

}  // namespace

void record_refused_request(int status, std::size_t bytes) {
  Served served;
  served.method = "-";  // the request could not be read
  served.route = route::kMalformed;
  record(served, status, bytes, {});
}

Router::Router(std::string outputs_dir, std::vector<NamedDoor> first, std::vector<NamedDoor> then,
               ReadinessCheck ready, AdminMount admin)
    : outputs_dir_(std::move(outputs_dir)),
      first_(std::move(first)),
      then_(std::move(then)),
      ready_(std::move(ready)),
      admin_(admin) {
  gateway_metrics();
}

std::unique_ptr<Router> Router::admin_only(admin::AdminApi& api) {
  auto router = std::make_unique<Router>("", std::vector<NamedDoor>{}, std::vector<NamedDoor>{}, ReadinessCheck{},
                                         AdminMount{&api, true});
  router->admin_only_ = true;
  return router;
}

void Router::handle(ApiRequest request, Respond respond) {
  auto served = std::make_shared<Served>();
  // Methods are a fixed set for the log; anything else is one word.
  served->method = request.method.size() <= 10 ? request.method : "OTHER";
  // The labels are final before any answer can be given: dispatch sets them before handing the request on.
  // An answer with an ETag that the client already holds becomes 304 (conditional_get.hpp).
  Respond counted = [served, if_none_match = request.header("if-none-match"),
                     respond = std::move(respond)](ApiResponse response) {
    response = answer_conditionally(served->method, if_none_match, std::move(response));
    record(*served, response);
    respond(std::move(response));
  };
  dispatch(std::move(request), std::move(counted), served->vendor, served->route);
}

void Router::dispatch(ApiRequest request, Respond respond, std::string& vendor, std::string_view& route) {
  // A vendor that owns whole hosts owns their path space too (an object may be called "outputs/x.mp4").
  for (const NamedDoor& named : first_) {
    if (named.door->accepts(request)) {
      vendor = named.vendor;
      route = route::kVendorApi;
      return named.door->handle(std::move(request), std::move(respond));
    }
  }
  if (admin::AdminApi::owns(request.raw_path)) {
    if (admin_.api && (admin_.remote || admin::is_loopback_address(request.remote_address))) {
      route = admin::AdminApi::is_api(request.raw_path) ? route::kAdminApi : route::kAdmin;
      return admin_.api->handle(std::move(request), std::move(respond));
    }
    return respond(json_status(404, "NotFound", "no such route"));
  }
  if (admin_only_) return respond(json_status(404, "NotFound", "no such route"));
  const bool read = request.method == "GET" || request.method == "HEAD";
  if (request.path.rfind(kOutputsPrefix, 0) == 0) {
    route = route::kOutputs;
    if (!read) return respond(read_only("an output"));
    return respond(serve_output(outputs_dir_, std::string_view(request.path).substr(kOutputsPrefix.size())));
  }
  if (request.path == "/healthz") {
    route = route::kHealthz;
    if (!read) return respond(read_only("/healthz"));
    ApiResponse r;
    r.body = R"({"status":"ok"})";
    return respond(std::move(r));
  }
  if (request.path == "/readyz") {
    route = route::kReadyz;
    if (!read) return respond(read_only("/readyz"));
    return respond(readiness());
  }
  if (request.path == "/metrics") {
    route = route::kMetrics;
    if (!read) return respond(read_only("/metrics"));
    ApiResponse r;
    r.content_type = std::string(metrics::kTextContentType);
    r.body = metrics::render_text(metrics::default_registry());
    return respond(std::move(r));
  }
  for (const NamedDoor& named : then_) {
    if (named.door->accepts(request)) {
      vendor = named.vendor;
      route = route::kVendorApi;
      return named.door->handle(std::move(request), std::move(respond));
    }
  }
  respond(json_status(404, "NotFound", "no such route"));
}

ApiResponse Router::readiness() const {
  ApiResponse r;
  const auto failed = ready_ ? ready_() : std::vector<std::pair<std::string, std::string>>{};
  if (failed.empty()) {
    r.body = R"({"status":"ready"})";
    return r;
  }
  r.status = 503;
  r.body = R"({"status":"not ready","failed":[)";
  for (std::size_t i = 0; i < failed.size(); ++i) {
    if (i != 0) r.body += ",";
    r.body += R"({"check":")" + json_escaped(failed[i].first) + R"(","reason":")" + json_escaped(failed[i].second) +
              "\"}";
  }
  r.body += "]}";
  return r;
}

}  // namespace tg::gateway
