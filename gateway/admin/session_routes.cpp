#include "gateway/admin/session_routes.hpp"

#include <rapidjson/document.h>

#include "gateway/admin/admin_answer.hpp"

namespace tg::gateway::admin {

namespace {

std::string csrf_document(const std::string& csrf) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  put(w, "csrf", csrf);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

ApiResponse sign_in(const ApiRequest& request, const SessionCookie& sessions, SignInThrottle& throttle,
                    int64_t now_ms) {
  // A sign-in from another site's page is refused like any other cross-site change.
  if (!same_origin(request)) return error_answer(ErrorCode::kForbidden, "the Origin is not this console's");
  const std::string& address = request.remote_address;
  if (throttle.blocked(address, now_ms)) {
    ApiResponse refused = error_answer(ErrorCode::kTooMany, "too many failed sign-ins; wait a minute");
    refused.headers.emplace_back("Retry-After", "60");
    return refused;
  }
  rapidjson::Document doc;
  doc.Parse(request.body.data(), request.body.size());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("token") || !doc["token"].IsString()) {
    return error_answer(ErrorCode::kBadRequest, "token: the body must be {\"token\": \"…\"}");
  }
  const std::string_view token(doc["token"].GetString(), doc["token"].GetStringLength());
  if (!sessions.is_token(token)) {
    throttle.failed(address, now_ms);
    return error_answer(ErrorCode::kUnauthorized, "wrong token");
  }
  const std::string cookie = sessions.issue(now_ms);
  ApiResponse answer = json_answer(200, csrf_document(sessions.csrf_for(cookie)));
  answer.headers.emplace_back("Set-Cookie", sessions.set_cookie(cookie));
  return answer;
}

ApiResponse session_state(const Caller& caller, const SessionCookie& sessions) {
  if (caller.via == Caller::Via::kCookie) return json_answer(200, csrf_document(sessions.csrf_for(caller.cookie)));
  if (caller.via == Caller::Via::kBearer) return json_answer(200, "{\"csrf\":null}");
  return unauthorized();
}

ApiResponse sign_out() {
  ApiResponse answer = json_answer(200, "{\"ok\":true}");
  answer.headers.emplace_back("Set-Cookie", SessionCookie::clear_cookie());
  return answer;
}

}  // namespace tg::gateway::admin
