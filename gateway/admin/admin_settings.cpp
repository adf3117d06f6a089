#include "gateway/admin/admin_settings.hpp"

#include "adapters/common/config_fields.hpp"
#include "gateway/listen_address.hpp"

namespace tg::gateway::admin {

using namespace adapters::config_fields;

std::string token_problem(const std::string& token) {
  if (token.size() < kMinTokenLength) return "must be at least " + std::to_string(kMinTokenLength) + " characters";
  if (token.size() > kMaxTokenLength) return "must be at most " + std::to_string(kMaxTokenLength) + " characters";
  for (char c : token) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f) return "must not contain spaces or control characters";
  }
  return "";
}

tg::Result<Ok, std::string> read_admin_settings(const rapidjson::Value& value, AdminSettings& settings) {
  const std::string path = "admin";
  if (!value.IsObject()) return field_error(path, "must be an object");
  TG_TRY(only_fields(value, path, {"token", "listen", "allow_remote", "session_hours"}));
  TG_TRY(read_string(value, path, "token", settings.token, true));
  if (!settings.token.empty()) {
    if (std::string problem = token_problem(settings.token); !problem.empty()) {
      return field_error(child(path, "token"), problem);
    }
  }
  TG_TRY(read_string(value, path, "listen", settings.listen, true));
  if (!settings.listen.empty()) {
    if (auto address = parse_listen_address(settings.listen); !address) {
      std::string why = address.error();
      if (why.rfind("listen: ", 0) == 0) why.erase(0, 8);
      return field_error(child(path, "listen"), why);
    }
  }
  TG_TRY(read_bool(value, path, "allow_remote", settings.allow_remote));
  TG_TRY(read_int(value, path, "session_hours", settings.session_hours, 1, 168));
  return Ok{};
}

}  // namespace tg::gateway::admin
