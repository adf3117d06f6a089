#pragma once
// The admin API's answers: JSON written with the writer helpers below, errors in one shape
// {"error":{"code","message"}}, and the headers every /admin/ answer carries.

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/api_message.hpp"

namespace tg::gateway::admin {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

/// A JSON string (as valid UTF-8: stored text may not be).
void write_string(JsonWriter& w, std::string_view text);
void put(JsonWriter& w, const char* key, std::string_view text);
void put(JsonWriter& w, const char* key, const char* text);
void put(JsonWriter& w, const char* key, const std::string& text);
void put(JsonWriter& w, const char* key, int64_t number);
void put(JsonWriter& w, const char* key, int number);
void put(JsonWriter& w, const char* key, bool flag);
void put_null(JsonWriter& w, const char* key);

/// Cache-Control: no-store and X-Content-Type-Options: nosniff, as every /admin/ answer has.
void add_admin_headers(ApiResponse& response);

/// A JSON answer with the admin headers.
ApiResponse json_answer(int status, std::string body);

/// The error codes and their statuses.
enum class ErrorCode { kBadRequest, kUnauthorized, kForbidden, kNotFound, kMethodNotAllowed, kConflict, kTooMany,
                       kStore, kBusy };

/// {"error":{"code":…,"message":…}} with the code's status; `extra` (e.g. "\"count\":3") is added to the
/// top-level object when not empty.
ApiResponse error_answer(ErrorCode code, std::string_view message, std::string_view extra = {});

/// 401 "sign in".
ApiResponse unauthorized();
/// 500 "task store unavailable": the store's own message (SQL, paths) is logged, never answered.
ApiResponse store_unavailable(std::string_view store_message);
/// 404 for an unknown route or object.
ApiResponse not_found(std::string_view what = "no such route");
/// 405 with the Allow header.
ApiResponse method_not_allowed(std::string_view allow);

}  // namespace tg::gateway::admin
