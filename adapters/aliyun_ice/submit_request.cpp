#include "adapters/aliyun_ice/submit_request.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "adapters/aliyun_ice/ice_authenticator.hpp"

namespace tg::adapters::aliyun_ice {
namespace {

using Value = rapidjson::Value;

// Every object parameter is one JSON object; its nesting is small, so a deep one is refused before it
// costs anything.
constexpr int kMaxDepth = 8;

bool too_deep(std::string_view json) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxDepth) return true;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return false;
}

tg::Result<rapidjson::Document, IceError> parse_object(const signing::Params& params, const char* name, bool required) {
  rapidjson::Document doc;
  const std::string* text = find_param(params, name);
  if (!text || text->empty()) {
    if (required) return tg::unexpected(missing_parameter(name));
    doc.SetNull();
    return doc;
  }
  if (too_deep(*text)) return tg::unexpected(invalid_parameter(std::string(name) + " is nested too deeply"));
  doc.Parse(text->c_str(), text->size());
  if (doc.HasParseError() || !doc.IsObject()) {
    return tg::unexpected(invalid_parameter(std::string(name) + " must be a JSON object string"));
  }
  return doc;
}

tg::Result<std::string, IceError> string_field(const Value& object, const std::string& path, const char* name,
                                               bool required) {
  auto it = object.FindMember(name);
  if (it == object.MemberEnd() || it->value.IsNull()) {
    if (required) return tg::unexpected(missing_parameter(path + "." + name));
    return std::string();
  }
  if (!it->value.IsString()) return tg::unexpected(invalid_parameter(path + "." + name + " must be a string"));
  std::string text(it->value.GetString(), it->value.GetStringLength());
  if (text.find('\0') != std::string::npos) return tg::unexpected(invalid_parameter(path + "." + name + " contains NUL"));
  if (required && text.empty()) return tg::unexpected(missing_parameter(path + "." + name));
  return text;
}

tg::Result<MediaRef, IceError> media_ref(const signing::Params& params, const char* name) {
  TG_TRY_ASSIGN(rapidjson::Document doc, parse_object(params, name, true));
  for (auto it = doc.MemberBegin(); it != doc.MemberEnd(); ++it) {
    std::string_view member(it->name.GetString(), it->name.GetStringLength());
    if (member != "Type" && member != "Media") {
      return tg::unexpected(invalid_parameter(std::string(name) + "." + std::string(member) + " is not a field"));
    }
  }
  MediaRef ref;
  TG_TRY_ASSIGN(ref.type, string_field(doc, name, "Type", true));
  TG_TRY_ASSIGN(ref.media, string_field(doc, name, "Media", true));
  if (ref.type != "OSS" && ref.type != "Media") {
    return tg::unexpected(invalid_parameter(std::string(name) + ".Type must be \"OSS\" or \"Media\""));
  }
  return ref;
}

}  // namespace

tg::Result<SubmitRequest, IceError> parse_submit(const signing::Params& params) {
  SubmitRequest request;
  TG_TRY_ASSIGN(request.input, media_ref(params, "Input"));
  TG_TRY_ASSIGN(request.output, media_ref(params, "Output"));
  {
    TG_TRY_ASSIGN(rapidjson::Document config, parse_object(params, "TemplateConfig", true));
    for (auto it = config.MemberBegin(); it != config.MemberEnd(); ++it) {
      std::string_view member(it->name.GetString(), it->name.GetStringLength());
      if (member != "TemplateId" && member != "OverwriteParams") {
        return tg::unexpected(invalid_parameter("TemplateConfig." + std::string(member) + " is not a field"));
      }
    }
    TG_TRY_ASSIGN(request.template_id, string_field(config, "TemplateConfig", "TemplateId", true));
    if (auto it = config.FindMember("OverwriteParams"); it != config.MemberEnd() && !it->value.IsNull()) {
      auto overwrite = read_snapshot_template(it->value, "TemplateConfig.OverwriteParams");
      if (!overwrite) return tg::unexpected(invalid_parameter(overwrite.error()));
      request.overwrite = *overwrite;
    }
    request.template_config = *find_param(params, "TemplateConfig");
  }
  {
    TG_TRY_ASSIGN(rapidjson::Document schedule, parse_object(params, "ScheduleConfig", false));
    if (schedule.IsObject()) {
      TG_TRY_ASSIGN(request.pipeline_id, string_field(schedule, "ScheduleConfig", "PipelineId", false));
    }
  }
  if (const std::string* name = find_param(params, "Name")) request.name = *name;
  if (request.name.size() > kMaxNameLength) {
    return tg::unexpected(invalid_parameter("Name is longer than " + std::to_string(kMaxNameLength) + " characters"));
  }
  if (const std::string* user_data = find_param(params, "UserData")) request.user_data = *user_data;
  if (request.user_data.size() > kMaxUserDataLength) {
    return tg::unexpected(
        invalid_parameter("UserData is longer than " + std::to_string(kMaxUserDataLength) + " characters"));
  }
  return request;
}

}  // namespace tg::adapters::aliyun_ice
