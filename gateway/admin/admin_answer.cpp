#include "gateway/admin/admin_answer.hpp"

#include "core/logger.hpp"
#include "core/utf8.hpp"

namespace tg::gateway::admin {

namespace {

struct CodeInfo {
  int status;
  const char* name;
};

CodeInfo info(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadRequest: return {400, "bad_request"};
    case ErrorCode::kUnauthorized: return {401, "unauthorized"};
    case ErrorCode::kForbidden: return {403, "forbidden"};
    case ErrorCode::kNotFound: return {404, "not_found"};
    case ErrorCode::kMethodNotAllowed: return {405, "method_not_allowed"};
    case ErrorCode::kConflict: return {409, "conflict"};
    case ErrorCode::kTooMany: return {429, "too_many"};
    case ErrorCode::kStore: return {500, "store"};
    case ErrorCode::kBusy: return {503, "busy"};
  }
  return {500, "store"};
}

}  // namespace

void write_string(JsonWriter& w, std::string_view text) {
  const std::string valid = valid_utf8(text);
  w.String(valid.data(), static_cast<rapidjson::SizeType>(valid.size()));
}

void put(JsonWriter& w, const char* key, std::string_view text) {
  w.Key(key);
  write_string(w, text);
}
void put(JsonWriter& w, const char* key, const char* text) { put(w, key, std::string_view(text)); }
void put(JsonWriter& w, const char* key, const std::string& text) { put(w, key, std::string_view(text)); }
void put(JsonWriter& w, const char* key, int64_t number) {
  w.Key(key);
  w.Int64(number);
}
void put(JsonWriter& w, const char* key, int number) {
  w.Key(key);
  w.Int(number);
}
void put(JsonWriter& w, const char* key, bool flag) {
  w.Key(key);
  w.Bool(flag);
}
void put_null(JsonWriter& w, const char* key) {
  w.Key(key);
  w.Null();
}

void add_admin_headers(ApiResponse& response) {
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
}

ApiResponse json_answer(int status, std::string body) {
  ApiResponse response;
  response.status = status;
  response.content_type = "application/json";
  response.body = std::move(body);
  add_admin_headers(response);
  return response;
}

ApiResponse error_answer(ErrorCode code, std::string_view message, std::string_view extra) {
  const CodeInfo i = info(code);
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("error");
  w.StartObject();
  put(w, "code", i.name);
  put(w, "message", message);
  w.EndObject();
  w.EndObject();
  std::string body(buffer.GetString(), buffer.GetSize());
  if (!extra.empty()) {
    body.pop_back();
    body += ",";
    body += extra;
    body += "}";
  }
  return json_answer(i.status, std::move(body));
}

ApiResponse unauthorized() { return error_answer(ErrorCode::kUnauthorized, "sign in"); }

ApiResponse store_unavailable(std::string_view store_message) {
  tg::log(LogLevel::kError, "admin API: task store error", {{"error", std::string(store_message)}});
  return error_answer(ErrorCode::kStore, "task store unavailable");
}

ApiResponse not_found(std::string_view what) { return error_answer(ErrorCode::kNotFound, what); }

ApiResponse method_not_allowed(std::string_view allow) {
  ApiResponse response = error_answer(ErrorCode::kMethodNotAllowed, "use " + std::string(allow));
  response.headers.emplace_back("Allow", std::string(allow));
  return response;
}

}  // namespace tg::gateway::admin
