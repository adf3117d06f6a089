#include "gateway/router.hpp"

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

}  // namespace

Router::Router(std::string outputs_dir, std::vector<adapters::FrontDoor*> first, std::vector<adapters::FrontDoor*> then)
    : outputs_dir_(std::move(outputs_dir)), first_(std::move(first)), then_(std::move(then)) {}

void Router::handle(ApiRequest request, Respond respond) {
  // A vendor that owns whole hosts owns their path space too (an object may be called "outputs/x.mp4").
  for (adapters::FrontDoor* door : first_) {
    if (door->accepts(request)) return door->handle(std::move(request), std::move(respond));
  }
  const bool read = request.method == "GET" || request.method == "HEAD";
  if (request.path.rfind(kOutputsPrefix, 0) == 0) {
    if (!read) return respond(read_only("an output"));
    return respond(serve_output(outputs_dir_, std::string_view(request.path).substr(kOutputsPrefix.size())));
  }
  if (request.path == "/healthz") {
    if (!read) return respond(read_only("/healthz"));
    ApiResponse r;
    r.body = R"({"status":"ok"})";
    return respond(std::move(r));
  }
  for (adapters::FrontDoor* door : then_) {
    if (door->accepts(request)) return door->handle(std::move(request), std::move(respond));
  }
  respond(json_status(404, "NotFound", "no such route"));
}

}  // namespace tg::gateway
