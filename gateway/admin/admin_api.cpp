#include "gateway/admin/admin_api.hpp"

#include <charconv>
#include <exception>
#include <optional>
#include <vector>

#include "core/logger.hpp"
#include "gateway/admin/admin_answer.hpp"
#include "gateway/admin/admin_auth.hpp"
#include "gateway/admin/overview_route.hpp"
#include "gateway/admin/session_routes.hpp"
#include "gateway/admin/task_action_routes.hpp"
#include "gateway/admin/task_detail_route.hpp"
#include "gateway/admin/task_list_routes.hpp"
#include "gateway/admin/task_output_route.hpp"
#include "signing/percent_encoding.hpp"
#include "tasks/worker_pool.hpp"

namespace tg::gateway::admin {

namespace {

constexpr std::string_view kApiPrefix = "/admin/api/";
constexpr std::size_t kMaxSegments = 8;

bool is_read(const ApiRequest& request) { return request.method == "GET" || request.method == "HEAD"; }

// The decoded segments after /admin/api/; nullopt for a malformed escape or too many segments.
std::optional<std::vector<std::string>> api_segments(std::string_view raw_path) {
  std::vector<std::string> segments;
  if (raw_path.size() <= kApiPrefix.size()) return segments;
  std::string_view rest = raw_path.substr(kApiPrefix.size());
  while (true) {
    const std::size_t slash = rest.find('/');
    auto decoded = signing::percent_decode(rest.substr(0, slash));
    if (!decoded || segments.size() >= kMaxSegments) return std::nullopt;
    segments.push_back(std::move(*decoded));
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return segments;
}

std::optional<int64_t> parse_callback_id(const std::string& text) {
  int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

}  // namespace

AdminApi::AdminApi(AdminServices services, ConsoleFiles console, SessionCookie sessions)
    : services_(std::move(services)), console_(std::move(console)), sessions_(std::move(sessions)) {}

AdminApi::~AdminApi() { stop(); }

bool AdminApi::owns(std::string_view raw_path) {
  return raw_path == "/admin" || raw_path.substr(0, 7) == "/admin/";
}

bool AdminApi::is_api(std::string_view raw_path) {
  return raw_path == "/admin/api" || raw_path.substr(0, kApiPrefix.size()) == kApiPrefix;
}

void AdminApi::stop() { executor_.stop(); }

void AdminApi::handle(ApiRequest request, Respond respond) {
  if (!is_api(request.raw_path)) {
    if (!is_read(request)) return respond(method_not_allowed("GET, HEAD"));
    if (auto answer = console_answer(console_, request.raw_path)) return respond(std::move(*answer));
    return respond(not_found());
  }
  auto shared = std::make_shared<ApiRequest>(std::move(request));
  const bool queued = executor_.post([this, shared, respond] {
    try {
      respond(answer_api(*shared));
    } catch (const std::exception& e) {
      tg::log(LogLevel::kError, "admin API request failed", {{"error", e.what()}});
      respond(error_answer(ErrorCode::kStore, "internal error"));
    }
  });
  if (!queued) {
    ApiResponse busy = error_answer(ErrorCode::kBusy, "the admin API is busy; try again");
    busy.headers.emplace_back("Retry-After", "1");
    respond(std::move(busy));
  }
}

ApiResponse AdminApi::answer_api(const ApiRequest& request) {
  const int64_t now = services_.clock.now_ms();
  const auto segments = api_segments(request.raw_path);
  if (segments && segments->size() == 1 && segments->front() == "session") {
    if (request.method == "POST") return sign_in(request, sessions_, throttle_, now);
    const Caller caller = identify(request, sessions_, now);
    if (is_read(request)) return session_state(caller, sessions_);
    if (request.method != "DELETE") return method_not_allowed("GET, HEAD, POST, DELETE");
    if (!caller.signed_in()) return unauthorized();
    if (auto refused = refuse_change(request, caller, sessions_)) return std::move(*refused);
    return sign_out();
  }
  // Signed in before anything else is told, even whether a route exists.
  const Caller caller = identify(request, sessions_, now);
  if (!caller.signed_in()) return unauthorized();
  if (is_change(request)) {
    if (auto refused = refuse_change(request, caller, sessions_)) return std::move(*refused);
  }
  if (!segments || !request.decode_error.empty()) return not_found();
  return route(request, *segments);
}

ApiResponse AdminApi::route(const ApiRequest& request, const std::vector<std::string>& s) {
  const std::size_t n = s.size();
  const bool read = is_read(request);
  const bool post = request.method == "POST";
  if (n == 1 && s[0] == "overview") return read ? overview(services_) : method_not_allowed("GET, HEAD");
  if (n >= 1 && s[0] == "callbacks") {
    if (n != 3 || s[2] != "redeliver") return not_found();
    const auto id = parse_callback_id(s[1]);
    if (!id) return not_found("no such callback");
    return post ? redeliver_callback(services_, *id) : method_not_allowed("POST");
  }
  if (n == 0 || s[0] != "tasks") return not_found();
  if (n == 1) return read ? list_tasks(services_, request) : method_not_allowed("GET, HEAD");
  if (n == 2 && s[1] == "count") return read ? count_tasks(services_, request) : method_not_allowed("GET, HEAD");
  if (n == 2 && s[1] == "bulk") return post ? bulk_action(services_, request) : method_not_allowed("POST");
  const std::string& id = s[1];
  // Ids name folders: anything else (a '/', "..", NUL) is no task's.
  if (!tasks::is_safe_task_id(id)) return not_found("no such task");
  if (n == 2) return read ? task_detail(services_, id) : method_not_allowed("GET, HEAD");
  if (n == 3 && (s[2] == "retry" || s[2] == "cancel")) {
    if (!post) return method_not_allowed("POST");
    return act_on_task(services_, id, s[2] == "retry" ? TaskAction::kRetry : TaskAction::kCancel);
  }
  if (n == 4 && s[2] == "outputs") return read ? task_output(services_, id, s[3]) : method_not_allowed("GET, HEAD");
  return not_found();
}

}  // namespace tg::gateway::admin
