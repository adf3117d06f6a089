#include "adapters/player/player_error.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/utf8.hpp"

namespace tg::adapters::player {
namespace {

PlayerError make(int status, const char* type, std::string_view parameter, std::string message) {
  return PlayerError{status, type, std::string(parameter), std::move(message)};
}

}  // namespace

PlayerError invalid_parameter(std::string_view parameter, std::string message) {
  return make(400, "invalid_parameter", parameter, std::move(message));
}

PlayerError not_found(std::string_view parameter, std::string message) {
  return make(404, "not_found", parameter, std::move(message));
}

PlayerError invalid_token(std::string_view parameter, std::string message) {
  return make(403, "invalid_token", parameter, std::move(message));
}

PlayerError method_not_allowed(std::string message) {
  return make(405, "method_not_allowed", "method", std::move(message));
}

PlayerError server_error(int status, std::string message) {
  return make(status, "server_error", "media", std::move(message));
}

std::string render_error_json(const PlayerError& error) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("error");
  writer.StartObject();
  writer.Key("type");
  writer.String(error.type.c_str(), static_cast<rapidjson::SizeType>(error.type.size()));
  // Parameter names and quoted values come from the client: valid UTF-8 and bounded in the answer.
  const std::string parameter = tg::utf8_prefix(error.parameter, 128);
  const std::string message = tg::utf8_prefix(error.message, 1024);
  writer.Key("parameter");
  writer.String(parameter.c_str(), static_cast<rapidjson::SizeType>(parameter.size()));
  writer.Key("message");
  writer.String(message.c_str(), static_cast<rapidjson::SizeType>(message.size()));
  writer.EndObject();
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace tg::adapters::player
