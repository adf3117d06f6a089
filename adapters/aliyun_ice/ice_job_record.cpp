#include "adapters/aliyun_ice/ice_job_record.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/utf8.hpp"

namespace tg::adapters::aliyun_ice {
namespace {

struct Field {
  const char* name;
  std::string IceJobRecord::*member;
};

constexpr Field kFields[] = {
    {"Name", &IceJobRecord::name},
    {"UserData", &IceJobRecord::user_data},
    {"TemplateId", &IceJobRecord::template_id},
    {"TemplateConfig", &IceJobRecord::template_config},
    {"InputType", &IceJobRecord::input_type},
    {"InputMedia", &IceJobRecord::input_media},
    {"OutputType", &IceJobRecord::output_type},
    {"OutputMedia", &IceJobRecord::output_media},
    {"OutputBucket", &IceJobRecord::output_bucket},
    {"OutputFolder", &IceJobRecord::output_folder_key},
    {"PipelineId", &IceJobRecord::pipeline_id},
    {"Type", &IceJobRecord::type},
};

}  // namespace

std::string encode_job_record(const IceJobRecord& record) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  for (const Field& f : kFields) {
    const std::string text = valid_utf8(record.*f.member);
    w.Key(f.name);
    w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  }
  w.Key("Count");
  w.Int(record.count);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

tg::Result<IceJobRecord, std::string> decode_job_record(const std::string& json) {
  rapidjson::Document doc;
  doc.Parse(json.c_str(), json.size());
  if (doc.HasParseError() || !doc.IsObject()) return tg::unexpected(std::string("the job record is not a JSON object"));
  IceJobRecord record;
  for (const Field& f : kFields) {
    auto it = doc.FindMember(f.name);
    if (it != doc.MemberEnd() && it->value.IsString()) {
      record.*f.member = std::string(it->value.GetString(), it->value.GetStringLength());
    }
  }
  if (auto it = doc.FindMember("Count"); it != doc.MemberEnd() && it->value.IsInt()) record.count = it->value.GetInt();
  return record;
}

}  // namespace tg::adapters::aliyun_ice
