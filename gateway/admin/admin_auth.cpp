#include "gateway/admin/admin_auth.hpp"

#include <algorithm>
#include <cctype>

#include "gateway/admin/admin_answer.hpp"

namespace tg::gateway::admin {

namespace {

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Every header `name` (lowercase) the request carries.
std::vector<std::string> headers_named(const ApiRequest& request, std::string_view name) {
  std::vector<std::string> values;
  for (const auto& [key, value] : request.headers) {
    if (key == name) values.push_back(value);
  }
  return values;
}

}  // namespace

Caller identify(const ApiRequest& request, const SessionCookie& sessions, int64_t now_ms) {
  if (auto authorization = request.header("authorization")) {
    constexpr std::string_view kBearer = "bearer ";
    if (authorization->size() > kBearer.size() && lowercase(authorization->substr(0, kBearer.size())) == kBearer &&
        sessions.is_token(std::string_view(*authorization).substr(kBearer.size()))) {
      return Caller{Caller::Via::kBearer, ""};
    }
  }
  // A client may send several Cookie headers; any of them may carry the session.
  for (const std::string& header : headers_named(request, "cookie")) {
    std::string value = cookie_value(header, kSessionCookieName);
    if (!value.empty() && sessions.valid(value, now_ms)) return Caller{Caller::Via::kCookie, std::move(value)};
  }
  return Caller{};
}

bool same_origin(const ApiRequest& request) {
  const std::vector<std::string> origins = headers_named(request, "origin");
  if (origins.empty()) return true;
  if (origins.size() > 1) return false;
  const auto host = request.header("host");
  if (!host || host->empty()) return false;
  const std::string origin = lowercase(origins.front());
  for (std::string_view scheme : {"http://", "https://"}) {
    if (origin == std::string(scheme) + lowercase(*host)) return true;
  }
  return false;
}

bool is_change(const ApiRequest& request) {
  return request.method != "GET" && request.method != "HEAD" && request.method != "OPTIONS";
}

std::optional<ApiResponse> refuse_change(const ApiRequest& request, const Caller& caller,
                                         const SessionCookie& sessions) {
  if (caller.via != Caller::Via::kCookie) return std::nullopt;
  if (!same_origin(request)) return error_answer(ErrorCode::kForbidden, "the Origin is not this console's");
  const auto csrf = request.header("x-csrf-token");
  if (!csrf || !sessions.csrf_matches(caller.cookie, *csrf)) {
    return error_answer(ErrorCode::kForbidden, "the X-CSRF-Token header is missing or wrong");
  }
  return std::nullopt;
}

}  // namespace tg::gateway::admin
